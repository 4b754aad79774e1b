package io.poolpilot.sidecar.ingest;

import static io.poolpilot.sidecar.testing.Http.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.protocol.control.ControlProtocol;
import io.poolpilot.sidecar.Sidecar;
import io.poolpilot.sidecar.testing.Agent;
import io.poolpilot.sidecar.testing.Http;
import io.poolpilot.sidecar.testing.Http.Reply;
import io.poolpilot.sidecar.testing.QuietSidecar;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * A whole sidecar started in the test's Vert.x on free ports, played by an agent that polls for
 * control and posts its exports with its token and session (so even the agent's own data is held to
 * every bound), with the checks that say it is still healthy after whatever was sent to it.
 */
final class RunningSidecar {

  static final String TOKEN = "fuzz-token";
  static final String SERVICE = "orders";
  static final String INSTANCE = "i-1";
  static final String POOL = "http-nio-8080-exec-*";

  /** How Vert.x writes a double that is not finite into JSON. */
  private static final Set<String> NOT_FINITE = Set.of("NaN", "Infinity", "-Infinity");

  final Vertx vertx;
  final Sidecar sidecar;
  final ContextHttp http;
  private long sequence;
  private long applied;

  RunningSidecar(Vertx vertx, Path dataDir) {
    this.vertx = vertx;
    this.http = new ContextHttp(vertx).asAgent(TOKEN);
    this.sidecar = QuietSidecar.start(vertx, dataDir, TOKEN);
  }

  /** One control poll of the agent of {@link #SERVICE}/{@link #INSTANCE}. */
  Reply poll() {
    Buffer message =
        Agent.message(SERVICE, INSTANCE, ++sequence, applied, Agent.pool(POOL, 8, 200)).toBuffer();
    Reply reply =
        await(
            http.send(
                HttpMethod.POST,
                sidecar.otlpPort(),
                Agent.CONTROL,
                Http.headers("Content-Type", ControlProtocol.CONTENT_TYPE),
                message));
    if (reply.status() == 200) {
      applied = reply.body().toJsonObject().getLong("version", applied);
    }
    return reply;
  }

  /** Posts an export to the agent-facing listener. */
  Reply post(String path, String contentType, Buffer body) {
    return http.post(sidecar.otlpPort(), path, contentType, body);
  }

  /**
   * Health answers, every number the API, the Prometheus text and the trace listing show is finite,
   * and the agent's poll is answered.
   */
  void assertHealthy() {
    assertThat(get("/health").status()).isEqualTo(200);
    Reply pools = get("/api/pools");
    assertThat(pools.status()).isEqualTo(200);
    assertFinite("/api/pools", pools.body().toJsonObject());
    Reply traces = get("/api/traces");
    assertThat(traces.status()).isEqualTo(200);
    assertFinite("/api/traces", traces.body().toJson());
    Reply metrics = get("/metrics");
    assertThat(metrics.status()).isEqualTo(200);
    for (String line : metrics.body().toString().split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        assertThat(line.substring(line.lastIndexOf(' ') + 1))
            .as("/metrics line %s", line)
            .isNotIn("NaN", "+Inf", "-Inf");
      }
    }
    assertThat(poll().status()).isEqualTo(200);
  }

  Reply get(String path) {
    return http.get(sidecar.apiPort(), path);
  }

  /** Fails naming the path to the first number in {@code json} that is not finite. */
  static void assertFinite(String path, Object json) {
    if (json instanceof JsonObject object) {
      for (Map.Entry<String, Object> field : object) {
        assertFinite(path + "." + field.getKey(), field.getValue());
      }
    } else if (json instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        assertFinite(path + "[" + i + "]", array.getValue(i));
      }
    } else if (json instanceof Number number) {
      assertThat(Double.isFinite(number.doubleValue())).as("%s = %s", path, number).isTrue();
    } else if (json instanceof String text) {
      assertThat(text).as(path).isNotIn(NOT_FINITE);
    }
  }
}
