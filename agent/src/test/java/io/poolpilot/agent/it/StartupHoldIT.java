package io.poolpilot.agent.it;

import static io.poolpilot.protocol.TelemetryNames.TASK_COMPLETED;
import static io.poolpilot.protocol.TelemetryNames.URL_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.poolpilot.agent.it.app.StillStartingApp;
import io.poolpilot.testsupport.JvmLauncher;
import io.poolpilot.testsupport.LaunchedJvm;
import io.poolpilot.testsupport.OtlpReceiver;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Metric exports and the control channel wait while the application is still starting (loading
 * classes); spans do not. What happened meanwhile is not lost: the requests served during start-up
 * arrive as spans at once, and the first metric export after start-up counts the tasks run before
 * it.
 */
class StartupHoldIT {
  static final Duration WITHIN = Duration.ofSeconds(60);

  @Test
  void spansArriveDuringStartUpAndTheFirstMetricsAfterItCountEverything() throws IOException {
    try (OtlpReceiver receiver = OtlpReceiver.start();
        LaunchedJvm app =
            JvmLauncher.underAgent(StillStartingApp.class)
                .agentArgs(
                    "endpoint="
                        + receiver.endpoint()
                        + ",export.interval=200ms,service.name=still-starting")
                .start()) {
      String base =
          "http://127.0.0.1:" + app.awaitStdoutLineStartingWith("listening ", WITHIN).trim();

      // Until the SDK is up, requests go untraced; it is, once a request's span arrives.
      await()
          .atMost(WITHIN)
          .until(
              () -> {
                assertThat(HttpClients.get(base + "/hello").statusCode()).isEqualTo(200);
                return !receiver.spans().where(s -> "/hello".equals(s.string(URL_PATH))).isEmpty();
              });
      assertThat(receiver.metrics().requestCount())
          .as("metric exports while the application still loads classes")
          .isZero();
      assertThat(receiver.requests(OtlpReceiver.CONTROL_PATH))
          .as("control polls while the application still loads classes")
          .isEmpty();

      app.sendLine("quiet");
      app.awaitStdoutLine("quiet", WITHIN);
      await()
          .atMost(WITHIN)
          .untilAsserted(
              () ->
                  assertThat(receiver.metrics().latestValue(TASK_COMPLETED.name(), "early-work-*"))
                      .hasValue((double) StillStartingApp.EARLY_TASKS));
      await().atMost(WITHIN).until(() -> !receiver.requests(OtlpReceiver.CONTROL_PATH).isEmpty());
      app.stopApp();
    }
  }
}
