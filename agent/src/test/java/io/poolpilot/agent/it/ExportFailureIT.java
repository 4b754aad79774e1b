package io.poolpilot.agent.it;

import static io.poolpilot.protocol.TelemetryNames.TASK_COMPLETED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.poolpilot.agent.it.app.LoggingTakeoverApp;
import io.poolpilot.agent.it.app.PoolsApp;
import io.poolpilot.testsupport.JvmLauncher;
import io.poolpilot.testsupport.LaunchedJvm;
import io.poolpilot.testsupport.LoopbackPorts;
import io.poolpilot.testsupport.OtlpReceiver;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sidecar is absent or hangs: the application must run, print and exit exactly as it does
 * without the agent, the agent must say so once (not once per export), and say once when exports
 * get through again.
 */
class ExportFailureIT {
  private static final String EXPORT_TO = "[poolpilot] metric export to ";
  private static final Duration EXIT_AFTER_MAIN = Duration.ofSeconds(10);
  private static final String LINGER_THEN_EXIT = "3000";
  private static final String LINGER_UNTIL_STOPPED = "120000";

  private static Baseline baseline;

  @BeforeAll
  static void runWithoutAgent() throws IOException {
    baseline = Baseline.of(PoolsApp.class, "0");
    assertThat(baseline.exitCode()).isZero();
  }

  @Test
  void appRunsAndExitsAsWithoutTheAgentWhenNothingListens() throws IOException {
    String endpoint = "http://127.0.0.1:" + LoopbackPorts.closedPort();
    try (LaunchedJvm app = startApp(endpoint, LINGER_THEN_EXIT)) {
      assertRanAndExitedAsWithoutTheAgent(app);
      assertThat(failures(app, endpoint)).as(app::report).hasSizeLessThanOrEqualTo(1);
    }
  }

  @Test
  void appRunsAndExitsAsWithoutTheAgentWhenTheEndpointNeverAnswers() throws IOException {
    try (OtlpReceiver hung = OtlpReceiver.start().hold();
        LaunchedJvm app = startApp(hung.endpoint(), LINGER_THEN_EXIT)) {
      assertRanAndExitedAsWithoutTheAgent(app);
      assertThat(hung.heldRequestCount()).as("the agent tried to export").isPositive();
      assertThat(failures(app, hung.endpoint())).as(app::report).hasSizeLessThanOrEqualTo(1);
    }
  }

  @Test
  void reportsFailureOnceAndRecoveryOnceWhenAReceiverComesUpLater() throws IOException {
    int port = LoopbackPorts.closedPort();
    String endpoint = "http://127.0.0.1:" + port;
    try (LaunchedJvm app = startApp(endpoint, LINGER_UNTIL_STOPPED)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> !failures(app, endpoint).isEmpty());
      assertStaysAt(app, "nothing listening", endpoint, 1, 0);

      try (OtlpReceiver receiver = OtlpReceiver.startOn(port)) {
        awaitLaneData(receiver);
        await().atMost(Duration.ofSeconds(30)).until(() -> !recoveries(app, endpoint).isEmpty());
        assertStaysAt(app, receiver, endpoint, 1, 1);

        app.sendLine("stop");
        assertThat(app.awaitExit(Duration.ofSeconds(30))).as(app::report).isZero();
      }
    }
  }

  @Test
  void reportsFailureOnceAndRecoveryOnceWhenAHungEndpointStartsAnswering() throws IOException {
    try (OtlpReceiver receiver = OtlpReceiver.start().hold();
        LaunchedJvm app = startApp(receiver.endpoint(), LINGER_UNTIL_STOPPED)) {
      String endpoint = receiver.endpoint();
      await().atMost(Duration.ofSeconds(60)).until(() -> !failures(app, endpoint).isEmpty());
      await()
          .atMost(Duration.ofSeconds(60))
          .alias("the agent keeps trying")
          .until(() -> receiver.heldRequestCount() >= 2);
      assertStaysAt(app, receiver, endpoint, 1, 0);

      receiver.release();
      awaitLaneData(receiver);
      await().atMost(Duration.ofSeconds(30)).until(() -> !recoveries(app, endpoint).isEmpty());
      assertStaysAt(app, receiver, endpoint, 1, 1);

      app.sendLine("stop");
      assertThat(app.awaitExit(Duration.ofSeconds(30))).as(app::report).isZero();
    }
  }

  /**
   * The SDK inside the agent logs each failed export through {@code java.util.logging}; an
   * application whose logging framework took that over (and resets it, as Spring Boot's does) must
   * still see none of it: the agent says it once, on its own line.
   */
  @Test
  void theSdksOwnLogsStayOutOfAnApplicationWhoseLoggingTookOverJul() throws IOException {
    Baseline takeover = Baseline.of(LoggingTakeoverApp.class, "0");
    String endpoint = "http://127.0.0.1:" + LoopbackPorts.closedPort();
    try (LaunchedJvm app =
        JvmLauncher.underAgent(LoggingTakeoverApp.class)
            .agentArgs("endpoint=" + endpoint + ",export.interval=200ms,service.name=pools-app")
            .appArgs(LINGER_THEN_EXIT)
            .start()) {
      assertThat(app.awaitExit(Duration.ofSeconds(60))).as(app::report).isZero();
      assertThat(failures(app, endpoint)).as(app::report).hasSize(1);
      assertThat(app.otherStderr()).as(app::report).isEqualTo(takeover.stderr());
    }
  }

  private static void assertRanAndExitedAsWithoutTheAgent(LaunchedJvm app) {
    assertThat(app.awaitExit(Duration.ofSeconds(60))).as(app::report).isZero();
    assertThat(app.stdout()).as(app::report).isEqualTo(baseline.stdout());
    assertThat(app.stdout()).as(app::report).contains("non-daemon threads left: []");
    assertThat(app.otherStderr()).as(app::report).isEqualTo(baseline.stderr());
    Instant mainReturned = app.stdoutLineAt("main returns").orElseThrow();
    assertThat(Duration.between(mainReturned, app.exitedAt()))
        .as("time from main's return to the JVM's exit\n" + app.report())
        .isLessThan(EXIT_AFTER_MAIN);
  }

  /**
   * Holds for 2 s (ten export intervals) that the agent has said exactly {@code failed} times that
   * exports fail and {@code recovered} times that they work again.
   */
  private static void assertStaysAt(
      LaunchedJvm app, Object receiver, String endpoint, int failed, int recovered) {
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              assertThat(failures(app, endpoint))
                  .as(() -> receiver + "\n" + app.report())
                  .hasSize(failed);
              assertThat(recoveries(app, endpoint))
                  .as(() -> receiver + "\n" + app.report())
                  .hasSize(recovered);
            });
  }

  private static void awaitLaneData(OtlpReceiver receiver) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        receiver
                            .metrics()
                            .latestValue(TASK_COMPLETED.name(), ThreadPoolMetricsIT.LANE))
                    .hasValue((double) PoolsApp.LANE_TASKS));
  }

  private static List<String> failures(LaunchedJvm app, String endpoint) {
    return app.agentLines().stream()
        .filter(line -> line.startsWith(EXPORT_TO + endpoint) && line.contains(" failed"))
        .toList();
  }

  private static List<String> recoveries(LaunchedJvm app, String endpoint) {
    return app.agentLines().stream()
        .filter(line -> line.startsWith(EXPORT_TO + endpoint) && line.endsWith(" recovered"))
        .toList();
  }

  private static LaunchedJvm startApp(String endpoint, String lingerMillis) throws IOException {
    return JvmLauncher.underAgent(PoolsApp.class)
        .agentArgs("endpoint=" + endpoint + ",export.interval=200ms,service.name=pools-app")
        .appArgs(lingerMillis)
        .start();
  }
}
