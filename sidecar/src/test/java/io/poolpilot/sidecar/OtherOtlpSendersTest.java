package io.poolpilot.sidecar;

import static io.poolpilot.sidecar.testing.Http.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.sidecar.config.SidecarConfig;
import io.poolpilot.sidecar.forward.Upstream;
import io.poolpilot.sidecar.model.InstanceKey;
import io.poolpilot.sidecar.testing.Agent;
import io.poolpilot.sidecar.testing.Http;
import io.poolpilot.sidecar.testing.PoolExport;
import io.poolpilot.sidecar.testing.Spans;
import io.poolpilot.testsupport.OtlpReceiver;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An OpenTelemetry SDK or agent exporting to the sidecar's port beside a PoolPilot agent: its data
 * is kept, shown and forwarded, but it is never controlled.
 */
@ExtendWith(VertxExtension.class)
class OtherOtlpSendersTest {

  /** The stand-in upstream each test forwards to. */
  @AutoClose private final OtlpReceiver upstream = OtlpReceiver.start();

  private static final String TOKEN = "t0ken";
  private static final String PROTOBUF = "application/x-protobuf";
  private static final InstanceKey OTEL = new InstanceKey("orders", "otel-1");

  @TempDir Path dir;

  @Test
  void aSenderWithoutThePoolPilotAgentIsObservedAndForwardedButNeverControlled(Vertx vertx) {
    Sidecar sidecar =
        await(
            Sidecar.start(
                vertx,
                SidecarConfig.DEFAULTS
                    .withPorts(0, 0)
                    .withDataDir(dir)
                    .withToken(TOKEN)
                    .withUpstream(
                        new Upstream(
                            URI.create(upstream.endpoint()),
                            Map.of(),
                            Upstream.DEFAULT_BUFFER_BYTES)),
                new PrintStream(OutputStream.nullOutputStream())));
    // The PoolPilot agent: telemetry with its distribution, token and session, and the control
    // protocol.
    assertThat(
            await(
                    Agent.export(
                        vertx,
                        sidecar.otlpPort(),
                        "/v1/metrics",
                        PROTOBUF,
                        Buffer.buffer(
                            PoolExport.pool("orders", "pp-1", "http-*")
                                .distro("poolpilot")
                                .threads(4, 16, 2, 2)
                                .request()
                                .toByteArray()),
                        TOKEN))
                .status())
        .isEqualTo(200);
    await(
        Agent.poll(
            vertx,
            sidecar.otlpPort(),
            Agent.message("orders", "pp-1", 1, 0, Agent.pool("http-*", 4, 16)),
            TOKEN));
    // An OpenTelemetry Java agent in another process of the same service: a pool of the same name
    // (say, from its own executor instrumentation) and a server span.
    post(
        vertx,
        sidecar,
        "/v1/metrics",
        PoolExport.pool("orders", "otel-1", "http-*")
            .distro("opentelemetry-java-instrumentation")
            .threads(8, 8, 1, 7)
            .request()
            .toByteArray());
    post(
        vertx,
        sidecar,
        "/v1/traces",
        Spans.export(
                Map.of(
                    "service.name", "orders",
                    "service.instance.id", "otel-1",
                    "telemetry.distro.name", "opentelemetry-java-instrumentation"),
                42,
                "GET /orders/{id}",
                Map.of("http.route", "/orders/{id}", "http.request.method", "GET"))
            .toByteArray());

    // A pin of the pool reaches the PoolPilot agent only.
    Http.Reply pinned =
        await(
            Http.send(
                vertx,
                HttpMethod.PUT,
                sidecar.apiPort(),
                "/api/pools/orders/http-*",
                Http.headers(
                    "Content-Type", "application/json", "Authorization", "Bearer " + TOKEN),
                new JsonObject().put("core", 6).put("max", 16).toBuffer()));
    assertThat(pinned.status()).isEqualTo(200);
    JsonObject answer =
        await(
                Agent.poll(
                    vertx,
                    sidecar.otlpPort(),
                    Agent.message("orders", "pp-1", 2, 0, Agent.pool("http-*", 4, 16)),
                    TOKEN))
            .body()
            .toJsonObject();
    assertThat(answer.getJsonArray("desired").getJsonObject(0).getInteger("core")).isEqualTo(6);

    assertThat(sidecar.control().lastIssued(OTEL)).isEmpty();
    assertThat(sidecar.control().desiredFor(OTEL)).isEmpty();
    JsonArray pools = getJson(vertx, sidecar, "/api/pools").getJsonArray("pools");
    JsonObject otelPool = byInstance(pools, "otel-1");
    JsonObject agentPool = byInstance(pools, "pp-1");
    assertThat(otelPool.getBoolean("controlled")).isFalse();
    assertThat(otelPool.getValue("desired")).isNull();
    assertThat(otelPool.getLong("core")).isEqualTo(8);
    assertThat(agentPool.getBoolean("controlled")).isTrue();
    assertThat(agentPool.getJsonObject("desired"))
        .isEqualTo(new JsonObject().put("core", 6).put("max", 16));
    JsonArray instances =
        getJson(vertx, sidecar, "/api/services")
            .getJsonArray("services")
            .getJsonObject(0)
            .getJsonArray("instances");
    JsonObject otel = byInstance(instances, "otel-1");
    assertThat(otel.getBoolean("controlled")).isFalse();
    assertThat(otel.getString("distro")).isEqualTo("opentelemetry-java-instrumentation");
    assertThat(otel.getValue("desiredVersion")).isNull();
    assertThat(byInstance(instances, "pp-1").getString("distro")).isEqualTo("poolpilot");
    assertThat(getJson(vertx, sidecar, "/api/traces?service=orders").getJsonArray("traces"))
        .hasSize(1);
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> upstream.requests().size() == 3);
  }

  private static void post(Vertx vertx, Sidecar sidecar, String path, byte[] body) {
    assertThat(
            await(Http.post(vertx, sidecar.otlpPort(), path, PROTOBUF, Buffer.buffer(body)))
                .status())
        .isEqualTo(200);
  }

  private static JsonObject getJson(Vertx vertx, Sidecar sidecar, String path) {
    return await(Http.get(vertx, sidecar.apiPort(), path)).body().toJsonObject();
  }

  private static JsonObject byInstance(JsonArray array, String instance) {
    for (int i = 0; i < array.size(); i++) {
      if (array.getJsonObject(i).getString("instance").equals(instance)) {
        return array.getJsonObject(i);
      }
    }
    throw new AssertionError("no instance " + instance + " in " + array.encodePrettily());
  }
}
