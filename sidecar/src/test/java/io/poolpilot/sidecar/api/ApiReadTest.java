package io.poolpilot.sidecar.api;

import static io.poolpilot.sidecar.testing.Agent.message;
import static io.poolpilot.sidecar.testing.Agent.pool;
import static io.poolpilot.sidecar.testing.Http.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.protocol.control.PoolSizes;
import io.poolpilot.sidecar.Sidecar;
import io.poolpilot.sidecar.testing.Agent;
import io.poolpilot.sidecar.testing.Http;
import io.poolpilot.sidecar.testing.Http.Reply;
import io.poolpilot.sidecar.testing.PoolExport;
import io.poolpilot.sidecar.testing.QuietSidecar;
import io.poolpilot.testsupport.MutableClock;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Services, decisions and Prometheus metrics, over a sidecar fed by OTLP and control. */
@ExtendWith(VertxExtension.class)
class ApiReadTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  @TempDir Path dir;
  private Vertx vertx;
  private Sidecar sidecar;
  private long version;

  @BeforeEach
  void start(Vertx vertx) throws IOException {
    this.vertx = vertx;
    sidecar = QuietSidecar.start(vertx, dir, "t", new MutableClock(NOW));
    byte[] export =
        PoolExport.pool("orders", "i-1", "orders-*")
            .threads(4, 16, 3, 1)
            .queue(7, 100, 0.25)
            .tasks(500, 2)
            .request()
            .toByteArray();
    await(
        Agent.export(
            vertx,
            sidecar.otlpPort(),
            "/v1/metrics",
            "application/x-protobuf",
            Buffer.buffer(export),
            "t"));
    sidecar.control().pin("orders", "orders-*", new PoolSizes(6, 16), "test pin");
    version =
        await(
                Agent.poll(
                    vertx,
                    sidecar.otlpPort(),
                    message("orders", "i-1", 1, 0, pool("orders-*", 4, 16)),
                    "t"))
            .body()
            .toJsonObject()
            .getLong("version");
  }

  @AfterEach
  void stop() {
    await(sidecar.close());
  }

  @Test
  void listsServicesWithTheirInstancesAndPins() {
    JsonObject services = get("/api/services").body().toJsonObject();

    JsonObject orders = services.getJsonArray("services").getJsonObject(0);
    assertThat(orders.getString("name")).isEqualTo("orders");
    assertThat(orders.getJsonArray("pins"))
        .isEqualTo(
            new JsonArray()
                .add(new JsonObject().put("pool", "orders-*").put("core", 6).put("max", 16)));
    JsonObject instance = orders.getJsonArray("instances").getJsonObject(0);
    assertThat(instance.getString("instance")).isEqualTo("i-1");
    assertThat(instance.getBoolean("controlled")).isTrue();
    assertThat(instance.getString("lastSeen")).isEqualTo(NOW.toString());
    assertThat(instance.getString("mode")).isEqualTo("tune");
    assertThat(instance.getLong("desiredVersion")).isEqualTo(version);
    assertThat(instance.getLong("appliedVersion")).isZero();
    assertThat(instance.getBoolean("inSync")).isFalse();
    assertThat(instance.getInteger("pools")).isEqualTo(1);
  }

  @Test
  void listsDecisionsNewestFirstBoundedByLimit() {
    JsonArray all = get("/api/decisions").body().toJsonObject().getJsonArray("decisions");
    JsonArray one = get("/api/decisions?limit=1").body().toJsonObject().getJsonArray("decisions");
    JsonArray none =
        get("/api/decisions?service=billing").body().toJsonObject().getJsonArray("decisions");
    Reply bad = get("/api/decisions?limit=0");

    assertThat(all).hasSize(2);
    assertThat(all.getJsonObject(0).getString("type")).isEqualTo("desired");
    assertThat(all.getJsonObject(0).getLong("version")).isEqualTo(version);
    assertThat(all.getJsonObject(1).getString("type")).isEqualTo("pin");
    assertThat(all.getJsonObject(1).getString("reason")).isEqualTo("test pin");
    assertThat(one).hasSize(1);
    assertThat(none).isEmpty();
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body().toJsonObject().getString("error"))
        .isEqualTo("limit '0' is not a whole number from 1 to 1000");
  }

  @Test
  void exposesPoolGaugesInPrometheusTextFormat() {
    Reply reply = get("/metrics");
    String labels = "{service_name=\"orders\",service_instance_id=\"i-1\",pool=\"orders-*\"}";

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    assertThat(reply.body().toString())
        .contains("# TYPE poolpilot_pool_core_threads gauge\n")
        .contains("poolpilot_pool_core_threads" + labels + " 4\n")
        .contains("poolpilot_pool_queued_tasks" + labels + " 7\n")
        .contains("poolpilot_pool_queue_oldest_age_seconds" + labels + " 0.25\n")
        .contains("# TYPE poolpilot_pool_rejected_tasks_total counter\n")
        .contains("poolpilot_pool_rejected_tasks_total" + labels + " 2\n")
        .contains("poolpilot_pool_desired_core_threads" + labels + " 6\n")
        .contains("poolpilot_pool_pinned" + labels + " 1\n")
        .contains("poolpilot_instances{service_name=\"orders\"} 1\n")
        .doesNotContain("poolpilot_pool_queue_wait_p99_seconds{");
  }

  /**
   * Prometheus sets {@code instance} (and Kubernetes scrape configurations often {@code service})
   * on every series it scrapes, renaming a clashing exposed label to {@code exported_…}; none of
   * ours may be one of those.
   */
  @Test
  void labelsEverySeriesWithNamesNoScrapeConfigSets() {
    String body = get("/metrics").body().toString();
    Set<String> names = new TreeSet<>();
    Matcher label = Pattern.compile("[{,]([a-z_]+)=\"").matcher(body);
    while (label.find()) {
      names.add(label.group(1));
    }

    assertThat(names).containsExactly("pool", "service_instance_id", "service_name");
  }

  @Test
  void escapesLabelValuesAsTheFormatRequires() {
    assertThat(PrometheusText.escape("a\"b\\c\nd")).isEqualTo("a\\\"b\\\\c\\nd");
  }

  private Reply get(String path) {
    return await(Http.get(vertx, sidecar.apiPort(), path));
  }
}
