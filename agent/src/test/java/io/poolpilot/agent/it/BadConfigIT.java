package io.poolpilot.agent.it;

import static io.poolpilot.protocol.TelemetryNames.TASK_COMPLETED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.poolpilot.agent.it.app.PoolsApp;
import io.poolpilot.testsupport.JvmLauncher;
import io.poolpilot.testsupport.LaunchedJvm;
import io.poolpilot.testsupport.OtlpReceiver;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A bad configuration value never stops the application: the agent names the key, the value and
 * what it expected once on stderr, and carries on with the default.
 */
class BadConfigIT {
  private static final String BAD_VALUE = "[poolpilot] bad value for ";

  private static Baseline baseline;

  @BeforeAll
  static void runWithoutAgent() throws IOException {
    baseline = Baseline.of(PoolsApp.class, "0");
    assertThat(baseline.exitCode()).isZero();
  }

  @Test
  void reportsABadExportIntervalAndExportsEverySecond() throws IOException {
    try (OtlpReceiver receiver = OtlpReceiver.start();
        LaunchedJvm app = startApp("endpoint=" + receiver.endpoint() + ",export.interval=abc")) {
      assertReportedOnce(app, "export.interval", "abc", "1s");

      await().atMost(Duration.ofSeconds(30)).until(() -> receiver.metrics().requestCount() >= 5);
      assertThat(medianGap(receiver.metrics().arrivalTimes()))
          .as("the default interval of 1s")
          .isBetween(Duration.ofMillis(500), Duration.ofSeconds(3));
      awaitLaneData(receiver);
      assertRunsAsWithoutTheAgent(app);
    }
  }

  @Test
  void reportsABadModeAndStillExports() throws IOException {
    try (OtlpReceiver receiver = OtlpReceiver.start();
        LaunchedJvm app =
            startApp("endpoint=" + receiver.endpoint() + ",export.interval=200ms,mode=sideways")) {
      assertReportedOnce(app, "mode", "sideways", "tune");
      awaitLaneData(receiver);
      assertRunsAsWithoutTheAgent(app);
    }
  }

  @Test
  void reportsABadEndpointAndStillRunsTheApplication() throws IOException {
    try (LaunchedJvm app = startApp("endpoint=not a url,export.interval=200ms")) {
      assertReportedOnce(app, "endpoint", "not a url", "http://127.0.0.1:4318");
      assertRunsAsWithoutTheAgent(app);
    }
  }

  /** Exactly one bad-value line, naming the key, the value, what was expected and the default. */
  private static void assertReportedOnce(
      LaunchedJvm app, String key, String value, String defaultValue) {
    app.awaitStdoutLine("workload done", Duration.ofSeconds(60));
    await().atMost(Duration.ofSeconds(10)).until(() -> !badValueLines(app).isEmpty());
    assertThat(badValueLines(app))
        .as(app::report)
        .singleElement()
        .asString()
        .matches(
            Pattern.quote(BAD_VALUE + key + ": '" + value + "'; expected ")
                + ".*\\S.*"
                + Pattern.quote("; using the default " + defaultValue));
  }

  private static void assertRunsAsWithoutTheAgent(LaunchedJvm app) {
    app.sendLine("stop");
    assertThat(app.awaitExit(Duration.ofSeconds(30))).as(app::report).isZero();
    assertThat(app.stdout()).as(app::report).isEqualTo(baseline.stdout());
    assertThat(app.otherStderr()).as(app::report).isEqualTo(baseline.stderr());
    assertThat(badValueLines(app)).as(app::report).hasSize(1);
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

  private static List<String> badValueLines(LaunchedJvm app) {
    return app.agentLines().stream().filter(line -> line.startsWith(BAD_VALUE)).toList();
  }

  private static Duration medianGap(List<Instant> arrivals) {
    List<Duration> gaps = new ArrayList<>();
    for (int i = 1; i < arrivals.size(); i++) {
      gaps.add(Duration.between(arrivals.get(i - 1), arrivals.get(i)));
    }
    Collections.sort(gaps);
    return gaps.get(gaps.size() / 2);
  }

  private static LaunchedJvm startApp(String agentArgs) throws IOException {
    return JvmLauncher.underAgent(PoolsApp.class)
        .agentArgs(agentArgs + ",service.name=pools-app")
        .appArgs("120000")
        .start();
  }
}
