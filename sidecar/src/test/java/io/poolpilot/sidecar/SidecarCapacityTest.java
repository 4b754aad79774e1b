package io.poolpilot.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.sidecar.capacity.CapacitySettings;
import io.poolpilot.sidecar.config.SidecarConfig;
import io.poolpilot.sidecar.testing.Http;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The capacity side as the whole sidecar starts it. */
@ExtendWith(VertxExtension.class)
class SidecarCapacityTest {

  @TempDir Path dir;

  private final PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());

  @Test
  void exposesTheDemandRatioFamilyOnMetrics(Vertx vertx, VertxTestContext ctx) {
    Sidecar.start(vertx, SidecarConfig.DEFAULTS.withPorts(0, 0).withDataDir(dir), quiet)
        .compose(sidecar -> Http.get(vertx, sidecar.apiPort(), "/metrics"))
        .onComplete(
            ctx.succeeding(
                reply ->
                    ctx.verify(
                        () -> {
                          assertThat(reply.body().toString())
                              .contains("# TYPE poolpilot_capacity_desired_ratio gauge");
                          ctx.completeNow();
                        })));
  }

  @Test
  void failsToStartNamingAWebhookSecretFileItCannotRead(Vertx vertx, VertxTestContext ctx) {
    Path missing = dir.resolve("no-such-secret");
    CapacitySettings webhook =
        new CapacitySettings(
            List.of("log", "webhook"),
            CapacitySettings.DEFAULTS.policy(),
            Optional.empty(),
            Optional.of(
                new CapacitySettings.Webhook(
                    URI.create("https://ops.example/scale"), missing, Duration.ofSeconds(5))),
            CapacitySettings.Kubernetes.DEFAULTS);

    Sidecar.start(
            vertx,
            SidecarConfig.DEFAULTS.withPorts(0, 0).withDataDir(dir).withCapacity(webhook),
            quiet)
        .onComplete(
            ctx.failing(
                e ->
                    ctx.verify(
                        () -> {
                          assertThat(e).isInstanceOf(Sidecar.SidecarStartException.class);
                          assertThat(e.getMessage())
                              .startsWith("cannot read capacity.webhook.secret-file " + missing);
                          ctx.completeNow();
                        })));
  }
}
