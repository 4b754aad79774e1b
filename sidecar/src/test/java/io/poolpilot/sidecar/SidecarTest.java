package io.poolpilot.sidecar;

import static io.poolpilot.sidecar.testing.PoolExport.pool;
import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.sidecar.config.SidecarConfig;
import io.poolpilot.sidecar.testing.Http;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class SidecarTest {

  @TempDir Path dir;

  @Test
  void aPoolExportedOverOtlpShowsInTheApi(Vertx vertx, VertxTestContext ctx) {
    long second = 1_000_000_000L;
    long start = 1_700_000_000_000_000_000L;
    // Two exports one second apart: 10 fast tasks, then 20 more that waited about 0.5 s.
    byte[] earlier =
        pool("orders", "i-1", "orders-*")
            .at(start + second)
            .threads(4, 16, 4, 0)
            .queue(3, 100, 0.01)
            .tasks(10, 0)
            .queueWait(3, 10, -8, 0)
            .request()
            .toByteArray();
    byte[] later =
        pool("orders", "i-1", "orders-*")
            .at(start + 2 * second)
            .threads(4, 16, 4, 0)
            .queue(40, 100, 0.6)
            .tasks(30, 1)
            .queueWait(3, 10, -8, 20)
            .request()
            .toByteArray();

    Sidecar.start(vertx, freePorts(), new PrintStream(OutputStream.nullOutputStream()))
        .compose(
            sidecar ->
                Http.post(
                        vertx,
                        sidecar.otlpPort(),
                        "/v1/metrics",
                        "application/x-protobuf",
                        Buffer.buffer(earlier))
                    .compose(
                        r ->
                            Http.post(
                                vertx,
                                sidecar.otlpPort(),
                                "/v1/metrics",
                                "application/x-protobuf",
                                Buffer.buffer(later)))
                    .compose(r -> Http.get(vertx, sidecar.apiPort(), "/api/pools")))
        .onComplete(
            ctx.succeeding(
                reply ->
                    ctx.verify(
                        () -> {
                          JsonObject pool =
                              reply.body().toJsonObject().getJsonArray("pools").getJsonObject(0);
                          assertThat(pool.getString("name")).isEqualTo("orders-*");
                          assertThat(pool.getLong("queued")).isEqualTo(40);
                          assertThat(pool.getLong("rejected")).isEqualTo(1);
                          assertThat(pool.getDouble("oldestAgeMs")).isEqualTo(600.0);
                          assertThat(pool.getLong("queueWaitSamples")).isEqualTo(20);
                          assertThat(pool.getDouble("queueWaitP99Ms")).isBetween(500.0, 546.0);
                          ctx.completeNow();
                        })));
  }

  private SidecarConfig freePorts() {
    return SidecarConfig.DEFAULTS.withPorts(0, 0).withDataDir(dir);
  }

  @Test
  void failsToStartNamingTheAddressWhenAPortIsTaken(Vertx vertx, VertxTestContext ctx) {
    Sidecar.start(vertx, freePorts(), System.out)
        .compose(
            running ->
                Sidecar.start(
                    vertx,
                    freePorts().withPorts(running.otlpPort(), 0).withDataDir(dir.resolve("other")),
                    System.out))
        .onComplete(
            ctx.failing(
                e ->
                    ctx.verify(
                        () -> {
                          assertThat(e).isInstanceOf(Sidecar.SidecarStartException.class);
                          assertThat(e.getMessage())
                              .startsWith("cannot listen for OTLP on 127.0.0.1:");
                          ctx.completeNow();
                        })));
  }
}
