package io.poolpilot.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.poolpilot.agent.it.app.PoolsApp;
import io.poolpilot.testsupport.JvmLauncher;
import io.poolpilot.testsupport.LaunchedJvm;
import io.poolpilot.testsupport.OtlpReceiver;
import io.poolpilot.testsupport.ReceivedRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The agent configured by nothing but the standard {@code OTEL_*} variables a platform sets for
 * OpenTelemetry: the real shaded agent in a forked JVM, an {@link OtlpReceiver} as the sidecar.
 */
class OtelEnvironmentIT {
  private static final Duration WITHIN = Duration.ofSeconds(90);

  /** A sidecar's answer with nothing to apply: the agent then polls every second. */
  private static final String NOTHING_TO_APPLY =
      "{\"protocol\":1,\"version\":1,\"hash\":\"none\",\"desired\":[]}";

  @Test
  void exportsWhereHowAndAsOftenAsTheOtelVariablesSay() throws IOException {
    try (OtlpReceiver sidecar = OtlpReceiver.start();
        LaunchedJvm app =
            JvmLauncher.underAgent(PoolsApp.class)
                .env("OTEL_EXPORTER_OTLP_ENDPOINT", sidecar.endpoint())
                .env("OTEL_EXPORTER_OTLP_HEADERS", "x-api-key=k%3D1")
                .env("OTEL_EXPORTER_OTLP_COMPRESSION", "gzip")
                .env("OTEL_METRIC_EXPORT_INTERVAL", "200")
                .start()) {
      sidecar.answerControlWith(NOTHING_TO_APPLY);

      await().atMost(WITHIN).until(() -> sidecar.metrics().requestCount() >= 20);
      int polls = sidecar.requests(OtlpReceiver.CONTROL_PATH).size();
      List<ReceivedRequest> exports = sidecar.requests(OtlpReceiver.METRICS_PATH);

      assertThat(polls).as("control polls at the same endpoint; %s", sidecar).isPositive();
      assertThat(exports.size())
          .as(
              "exports every 200 ms, several per one-second control poll, not the default one"
                  + " per poll")
          .isGreaterThan(2 * polls);
      assertThat(exports)
          .allSatisfy(
              export -> {
                assertThat(export.header("Content-Encoding")).isEqualTo("gzip");
                assertThat(export.header("x-api-key")).isEqualTo("k=1");
                assertThat(export.header("PoolPilot-Session")).isNotNull();
              });
      assertThat(sidecar.metrics().poolNames()).as("decoded from gzip").contains("orders-worker-*");
      assertThat(app.agentLines()).as("nothing to say about these settings").isEmpty();
    }
  }

  @Test
  void sdkDisabledExportsNothingWhileTheControlChannelPolls() throws IOException {
    try (OtlpReceiver sidecar = OtlpReceiver.start();
        LaunchedJvm app =
            JvmLauncher.underAgent(PoolsApp.class)
                .env("OTEL_EXPORTER_OTLP_ENDPOINT", sidecar.endpoint())
                .env("OTEL_SDK_DISABLED", "true")
                .agentArgs("export.interval=200ms")
                .start()) {
      sidecar.answerControlWith(NOTHING_TO_APPLY);
      app.awaitStdoutLine("workload done", WITHIN);

      // Five polls are five seconds: some 25 exports at 200 ms had the SDK been running.
      await().atMost(WITHIN).until(() -> sidecar.requests(OtlpReceiver.CONTROL_PATH).size() >= 5);

      assertThat(sidecar.requests(OtlpReceiver.METRICS_PATH)).as(sidecar::toString).isEmpty();
      assertThat(sidecar.requests(OtlpReceiver.TRACES_PATH)).isEmpty();
      assertThat(app.agentLines())
          .as(app::report)
          .singleElement()
          .asString()
          .startsWith("[poolpilot] OTEL_SDK_DISABLED=true: PoolPilot exports no metrics")
          .contains("the sidecar cannot tune this service without telemetry");
    }
  }
}
