package io.poolpilot.sidecar.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.sidecar.model.PoolKey;
import io.poolpilot.sidecar.model.PoolModel;
import io.poolpilot.sidecar.model.PoolReport;
import io.poolpilot.sidecar.model.PoolValue;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class ConsoleReporterVerticleTest {

  @Test
  void printsThePoolTableEveryInterval(Vertx vertx, VertxTestContext ctx) {
    PoolModel model = new PoolModel();
    model.record(
        new PoolReport(
            new PoolKey("orders", "i-1", "orders-*"),
            1,
            Map.of(PoolValue.CORE, 4.0),
            Optional.empty()));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    Clock clock = Clock.fixed(Instant.parse("2026-01-01T12:00:00Z"), ZoneOffset.UTC);

    vertx
        .deployVerticle(new ConsoleReporterVerticle(model, Duration.ofMillis(20), out, clock))
        .onComplete(
            ctx.succeeding(
                id ->
                    vertx.setPeriodic(
                        10,
                        timer -> {
                          String printed = bytes.toString(StandardCharsets.UTF_8);
                          if (printed.split("-- poolpilot pools", -1).length > 2) {
                            vertx.cancelTimer(timer);
                            ctx.verify(
                                () -> {
                                  assertThat(printed)
                                      .startsWith("-- poolpilot pools at 12:00:00 --\nSERVICE")
                                      .contains("orders-*");
                                  ctx.completeNow();
                                });
                          }
                        })));
  }
}
