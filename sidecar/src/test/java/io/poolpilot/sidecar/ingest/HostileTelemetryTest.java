package io.poolpilot.sidecar.ingest;

import static io.poolpilot.sidecar.testing.PoolExport.pool;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.poolpilot.sidecar.testing.Http.Reply;
import io.poolpilot.sidecar.testing.PoolExport;
import io.poolpilot.sidecar.testing.Spans;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The measured attacks of issue 13 against a whole sidecar: each answered, none stored. */
@ExtendWith(VertxExtension.class)
class HostileTelemetryTest {

  private static final String PROTOBUF = "application/x-protobuf";
  private static final long SECOND = 1_000_000_000L;

  @TempDir Path dir;
  private RunningSidecar sidecar;

  @BeforeEach
  void start(Vertx vertx) {
    sidecar = new RunningSidecar(vertx, dir);
  }

  @Test
  void farOffsetHistogramsAreRefusedAtOnceWithAPartialSuccess() throws Exception {
    for (int offset : new int[] {1 << 27, 1 << 29, Integer.MAX_VALUE - 1}) {
      PoolExport export = pool("orders", "i-1", "orders-*").queueWait(3, 0, 0, 1);
      export.queueWait(3, 0, offset, 1, 1);

      long started = System.nanoTime();
      Reply reply = post(export.request());

      // The target is a second; the bound here is generous so a busy CI machine cannot
      // fail it, and still far below what allocating and collecting gigabytes would take (that no
      // such allocation happens is PoolMetricsBoundsTest's).
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
      assertThat(reply.status()).isEqualTo(200);
      ExportMetricsPartialSuccess partial =
          ExportMetricsServiceResponse.parseFrom(reply.body().getBytes()).getPartialSuccess();
      assertThat(partial.getRejectedDataPoints()).isEqualTo(1);
      assertThat(partial.getErrorMessage())
          .startsWith("jvm.executor.task.wait.duration of pool orders-*: buckets " + offset);
    }
    sidecar.assertHealthy();
  }

  @Test
  void nothingNonFiniteReachesTheApiWhateverTheSenderClaims() {
    // A cumulative series whose offset jumps from the lowest to the highest bucket a duration may
    // have, at the finest scale: 2^27 buckets apart.
    post(
        pool("orders", "i-1", "orders-*")
            .at(PoolExport.START_NANOS + SECOND)
            .threads(2, 4, 1, 1)
            .queue(1, 10, Double.POSITIVE_INFINITY)
            .tasks(10, 0)
            .queueWait(20, 0, -(64 << 20), 5)
            .request());
    post(
        pool("orders", "i-1", "orders-*")
            .at(PoolExport.START_NANOS + 2 * SECOND)
            .threads(2, 4, 1, 1)
            .queue(1, 10, Double.NaN)
            .tasks(20, 0)
            .queueWait(20, 0, (64 << 20) - 1, 5)
            .request());
    // Bucket 2^20 at scale 3 is 2^131072 s: a quantile read from it would be Infinity.
    post(pool("orders", "i-1", "billing-*").queueWait(3, 0, 1 << 20, 5).request());
    sidecar.post(
        "/v1/traces",
        PROTOBUF,
        Buffer.buffer(
            Spans.export(
                    Map.of("service.name", "orders"),
                    1,
                    "GET /orders",
                    Map.of(
                        "jvm.executor.name",
                        "orders-*",
                        "poolpilot.queue.wait",
                        Double.POSITIVE_INFINITY))
                .toByteArray()));

    JsonArray pools = sidecar.get("/api/pools").body().toJsonObject().getJsonArray("pools");
    assertThat(pools).hasSize(1);
    JsonObject pool = pools.getJsonObject(0);
    assertThat(pool.getString("name")).isEqualTo("orders-*");
    assertThat(pool.getDouble("queueWaitP99Ms")).isFinite();
    assertThat(pool.getValue("oldestAgeMs")).isNull();
    sidecar.assertHealthy();
  }

  private Reply post(ExportMetricsServiceRequest request) {
    return sidecar.post("/v1/metrics", PROTOBUF, Buffer.buffer(request.toByteArray()));
  }
}
