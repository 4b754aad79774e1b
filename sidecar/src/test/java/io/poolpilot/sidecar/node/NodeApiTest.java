package io.poolpilot.sidecar.node;

import static io.poolpilot.sidecar.testing.Agent.message;
import static io.poolpilot.sidecar.testing.Agent.pool;
import static io.poolpilot.sidecar.testing.Http.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.sidecar.Sidecar;
import io.poolpilot.sidecar.config.SidecarConfig;
import io.poolpilot.sidecar.testing.Agent;
import io.poolpilot.sidecar.testing.Http;
import io.poolpilot.sidecar.testing.PoolExport;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node budget through a whole sidecar over real HTTP: two agents (a critical front service and
 * a batch hashing service) report and export as the PoolPilot agent does; {@code /api/node}, the
 * journal and the hashing agent's next poll show the cap.
 */
@ExtendWith(VertxExtension.class)
class NodeApiTest {

  private static final String TOKEN = "node-budget-test-token-0123456789abcdefghij";

  @TempDir Path dir;
  private Vertx vertx;
  private Sidecar sidecar;
  private long sequence;
  private long completed;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    SidecarConfig config =
        SidecarConfig.load(
                List.of(
                    "--tuning-include",
                    "front-*,hash-*",
                    "--node-services",
                    "front=critical:objective=100ms,hash=batch"),
                Map.of("POOLPILOT_SIDECAR_TOKEN", TOKEN))
            .withPorts(0, 0)
            .withDataDir(dir);
    sidecar = await(Sidecar.start(vertx, config, new PrintStream(OutputStream.nullOutputStream())));
  }

  @AfterEach
  void stop() {
    await(sidecar.close());
  }

  @Test
  void capsTheBatchServiceWhileItTakesTheProcessorsAndShowsItOnApiNode() {
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(300))
        .until(
            () -> {
              period(0.98);
              JsonObject latest = node().getJsonObject("latest");
              return latest != null && service(latest, "hash").getInteger("cap") != null;
            });

    JsonObject node = node();
    assertThat(node.getJsonObject("declared").getJsonObject("front").getString("class"))
        .isEqualTo("critical");
    assertThat(node.getJsonObject("declared").getJsonObject("front").getLong("objectiveMs"))
        .isEqualTo(100);
    assertThat(node.getJsonObject("undeclared").getString("class")).isEqualTo("standard");
    JsonObject latest = node.getJsonObject("latest");
    assertThat(latest.getInteger("processors")).isEqualTo(2);
    assertThat(latest.getBoolean("contended")).isTrue();
    JsonObject hash = service(latest, "hash");
    assertThat(hash.getString("class")).isEqualTo("batch");
    assertThat(hash.getInteger("cap")).isEqualTo(2);
    assertThat(hash.getJsonArray("cappedFor")).containsExactly("front");
    assertThat(hash.getDouble("usedCores")).isEqualTo(1.96);
    assertThat(service(latest, "front").getInteger("cap")).isNull();
    assertThat(node.getJsonArray("history").size()).isGreaterThanOrEqualTo(1);

    JsonArray desired = poll("hash", "h-1", pool("hash-*", 64, 64)).getJsonArray("desired");
    assertThat(desired.getJsonObject(0).getString("pool")).isEqualTo("hash-*");
    assertThat(desired.getJsonObject(0).getInteger("max")).isEqualTo(2);

    JsonArray decisions =
        await(Http.get(vertx, sidecar.apiPort(), "/api/decisions?service=hash"))
            .body()
            .toJsonObject()
            .getJsonArray("decisions");
    assertThat(decisions.stream().map(JsonObject.class::cast))
        .anySatisfy(
            entry -> {
              assertThat(entry.getString("type")).isEqualTo("node");
              assertThat(entry.getInteger("cap")).isEqualTo(2);
              assertThat(entry.getString("reason")).contains("for front");
            });
  }

  @Test
  void answersApiNodeBeforeAnyServiceReported() {
    JsonObject node = node();

    assertThat(node.getValue("latest")).isNull();
    assertThat(node.getJsonArray("history")).isEmpty();
    assertThat(node.getJsonObject("declared").fieldNames())
        .containsExactlyInAnyOrder("front", "hash");
  }

  /** Both agents poll, then export a second's pool counts and their process CPU of 2 processors. */
  private void period(double hashCpu) {
    poll("front", "f-1", pool("front-*", 4, 4));
    poll("hash", "h-1", pool("hash-*", 64, 64));
    completed += 100;
    long now = System.currentTimeMillis() * 1_000_000L;
    export(PoolExport.pool("front", "f-1", "front-*").at(now).threads(4, 4, 1, 3), 0.05);
    export(PoolExport.pool("hash", "h-1", "hash-*").at(now).threads(64, 64, 64, 0), hashCpu);
  }

  private void export(PoolExport export, double cpu) {
    byte[] body = export.tasks(completed, 0).queue(0, 200, 0).cpu(cpu, 2).request().toByteArray();
    assertThat(
            await(
                    Agent.export(
                        vertx,
                        sidecar.otlpPort(),
                        "/v1/metrics",
                        "application/x-protobuf",
                        Buffer.buffer(body),
                        TOKEN))
                .status())
        .isEqualTo(200);
  }

  private JsonObject poll(
      String service, String instance, io.poolpilot.protocol.control.ReportedPool pool) {
    Http.Reply reply =
        await(
            Agent.poll(
                vertx, sidecar.otlpPort(), message(service, instance, ++sequence, 0, pool), TOKEN));
    assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
    return reply.body().toJsonObject();
  }

  private JsonObject node() {
    Http.Reply reply = await(Http.get(vertx, sidecar.apiPort(), "/api/node"));
    assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
    return reply.body().toJsonObject();
  }

  private static JsonObject service(JsonObject sample, String name) {
    return sample.getJsonArray("services").stream()
        .map(JsonObject.class::cast)
        .filter(s -> s.getString("service").equals(name))
        .findFirst()
        .orElseThrow();
  }
}
