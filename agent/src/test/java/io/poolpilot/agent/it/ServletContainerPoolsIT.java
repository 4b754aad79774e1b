package io.poolpilot.agent.it;

import static io.poolpilot.agent.it.HistogramBuckets.countedInBuckets;
import static io.poolpilot.agent.it.HistogramBuckets.highestNonEmpty;
import static io.poolpilot.agent.it.HistogramBuckets.lowerBound;
import static io.poolpilot.agent.it.HistogramBuckets.lowestNonEmpty;
import static io.poolpilot.agent.it.HistogramBuckets.upperBound;
import static io.poolpilot.protocol.TelemetryNames.EXECUTOR_OWNER_NAME;
import static io.poolpilot.protocol.TelemetryNames.EXECUTOR_PREFIX;
import static io.poolpilot.protocol.TelemetryNames.EXECUTOR_TYPE;
import static io.poolpilot.protocol.TelemetryNames.STATE_ACTIVE;
import static io.poolpilot.protocol.TelemetryNames.STATE_IDLE;
import static io.poolpilot.protocol.TelemetryNames.TASK_COMPLETED;
import static io.poolpilot.protocol.TelemetryNames.TASK_DURATION;
import static io.poolpilot.protocol.TelemetryNames.TASK_REJECTED;
import static io.poolpilot.protocol.TelemetryNames.TASK_WAIT;
import static io.poolpilot.protocol.TelemetryNames.THREAD_CORE;
import static io.poolpilot.protocol.TelemetryNames.THREAD_COUNT;
import static io.poolpilot.protocol.TelemetryNames.THREAD_LIMIT;
import static io.poolpilot.protocol.TelemetryNames.THREAD_STATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.poolpilot.agent.it.app.ServletPoolsApp;
import io.poolpilot.testsupport.JvmLauncher;
import io.poolpilot.testsupport.LaunchedJvm;
import io.poolpilot.testsupport.OtlpReceiver;
import io.poolpilot.testsupport.ReceivedMetrics;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Runs {@link ServletPoolsApp} (real Tomcat and Jetty pools, no server) under the agent and checks
 * that their request pools are measured with the same {@code jvm.executor.*} metrics as the JDK's
 * pools, and resized through the same control channel. The resize comes last: it changes sizes the
 * other tests read.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServletContainerPoolsIT {
  static final String TOMCAT = "http-nio-8080-exec-*";
  static final String JETTY = "jetty-worker-*";
  static final String JETTY_DEFAULT = "io.poolpilot.agent.it.app.ServletPoolsApp";
  static final String TOMCAT_BOUNDED = "tomcat-bounded-exec-*";
  static final String JETTY_BOUNDED = "jetty-bounded-*";

  private static final int TASKS = ServletPoolsApp.TASKS;
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private OtlpReceiver receiver;
  private LaunchedJvm app;

  @BeforeAll
  void startApplication() throws IOException {
    receiver = OtlpReceiver.start();
    app =
        JvmLauncher.underAgent(ServletPoolsApp.class)
            .classPathJars(
                "tomcat-embed-core-", "tomcat-annotations-api-", "jetty-util-", "slf4j-api-")
            .agentArgs(
                "endpoint=" + receiver.endpoint() + ",export.interval=200ms,service.name=servlets")
            .start();
    app.awaitStdoutLine("workload done", PATIENCE);
  }

  @AfterAll
  void stopApplication() {
    try (OtlpReceiver r = receiver;
        LaunchedJvm jvm = app) {
      if (jvm != null) {
        jvm.sendLine("stop");
        jvm.awaitExit(Duration.ofSeconds(30));
      }
    }
  }

  @Test
  @Order(1)
  void runsTheApplicationsWorkloadUnchanged() {
    assertThat(app.stdout())
        .as(app::report)
        .containsSubsequence(
            "tomcat: 12 tasks done",
            "jetty: 12 tasks done",
            "unnamed: 3 tasks done",
            "hooks saw 0 tasks in another form",
            "tomcat-bounded: 2 rejected",
            "jetty-bounded: 2 rejected",
            "workload done");
    assertThat(app.agentLines()).as(app::report).noneMatch(line -> line.contains("is off"));
  }

  @Test
  @Order(2)
  void namesTheRequestPoolsByTheirThreadsOrByTheClassThatBuiltThem() {
    eventually(
        () ->
            assertThat(receiver.metrics().poolNames())
                .contains(TOMCAT, JETTY, JETTY_DEFAULT, TOMCAT_BOUNDED, JETTY_BOUNDED));
    assertThat(receiver.metrics().poolNames())
        .as("no per-thread names, no Jetty default names with their identity hash")
        .noneMatch(name -> name.matches(".*-\\d+"))
        .noneMatch(name -> name.startsWith("qtp"));
  }

  @Test
  @Order(3)
  void measuresTheQueueWaitOfEveryTask() {
    for (String pool : new String[] {TOMCAT, JETTY}) {
      ExponentialHistogramDataPoint wait = histogramWithAtLeast(TASK_WAIT.name(), pool, TASKS);

      assertThat(wait.getCount()).as("one queue wait per task of " + pool).isEqualTo(TASKS);
      assertThat(countedInBuckets(wait)).isEqualTo(TASKS);
      assertThat(wait.getSum())
          .as("4 threads, 12 tasks of 50 ms: 8 wait about 50 or 100 ms, in seconds, " + pool)
          .isBetween(0.3, 5.0);
      assertThat(wait.hasMax()).as("max of " + pool).isTrue();
      assertThat(wait.getMax())
          .as("the last tasks waited for two rounds of 50 ms, " + pool)
          .isGreaterThanOrEqualTo(0.045);
      if (wait.getZeroCount() == 0) {
        assertExtremesLieInTheOuterBuckets(wait);
      }
    }
  }

  @Test
  @Order(4)
  void measuresTheRunTimeOfEveryTask() {
    for (String pool : new String[] {TOMCAT, JETTY}) {
      ExponentialHistogramDataPoint duration =
          histogramWithAtLeast(TASK_DURATION.name(), pool, TASKS);

      assertThat(duration.getCount()).as("one run time per task of " + pool).isEqualTo(TASKS);
      assertThat(duration.getSum()).as("12 tasks of 50 ms, " + pool).isBetween(0.55, 5.0);
      assertThat(upperBound(duration.getScale(), lowestNonEmpty(duration).orElseThrow()))
          .as("no task ran shorter than its 50 ms sleep")
          .isGreaterThanOrEqualTo(0.045);
      assertThat(duration.hasMin() && duration.hasMax()).as("min and max of " + pool).isTrue();
      assertThat(duration.getMin()).as("shortest run, " + pool).isGreaterThanOrEqualTo(0.045);
      assertExtremesLieInTheOuterBuckets(duration);
    }
  }

  /** The exact min and max fall in the lowest and highest non-empty bucket, as a bucket says. */
  private static void assertExtremesLieInTheOuterBuckets(ExponentialHistogramDataPoint point) {
    int scale = point.getScale();
    int lowest = lowestNonEmpty(point).orElseThrow();
    int highest = highestNonEmpty(point).orElseThrow();
    double ulps = 1e-9; // the agent finds buckets from integer nanoseconds, not Math.pow
    assertThat(point.getMin())
        .isGreaterThan(lowerBound(scale, lowest) * (1 - ulps))
        .isLessThanOrEqualTo(upperBound(scale, lowest) * (1 + ulps));
    assertThat(point.getMax())
        .isGreaterThan(lowerBound(scale, highest) * (1 - ulps))
        .isLessThanOrEqualTo(upperBound(scale, highest) * (1 + ulps))
        .isLessThanOrEqualTo(point.getSum());
  }

  @Test
  @Order(5)
  void countsCompletedAndRejectedTasks() {
    eventually(
        () -> {
          ReceivedMetrics metrics = receiver.metrics();
          assertThat(metrics.latestValue(TASK_COMPLETED.name(), TOMCAT)).hasValue((double) TASKS);
          assertThat(metrics.latestValue(TASK_COMPLETED.name(), JETTY)).hasValue((double) TASKS);
          assertThat(metrics.latestValue(TASK_COMPLETED.name(), JETTY_DEFAULT)).hasValue(3.0);
          assertThat(metrics.latestValue(TASK_REJECTED.name(), TOMCAT_BOUNDED)).hasValue(2.0);
          assertThat(metrics.latestValue(TASK_REJECTED.name(), JETTY_BOUNDED)).hasValue(2.0);
          assertThat(metrics.latestValue(TASK_REJECTED.name(), TOMCAT)).hasValue(0.0);
        });
  }

  @Test
  @Order(6)
  void reportsSizesAndThreadsInTheJdksTerms() {
    eventually(
        () -> {
          ReceivedMetrics metrics = receiver.metrics();
          assertThat(metrics.latestValue(THREAD_CORE.name(), TOMCAT)).hasValue(2.0);
          assertThat(metrics.latestValue(THREAD_LIMIT.name(), TOMCAT)).hasValue(4.0);
          assertThat(metrics.latestValue(THREAD_CORE.name(), JETTY))
              .as("min threads")
              .hasValue(2.0);
          assertThat(metrics.latestValue(THREAD_LIMIT.name(), JETTY))
              .as("max threads")
              .hasValue(4.0);
          assertThat(metrics.latestValue(THREAD_COUNT.name(), TOMCAT, THREAD_STATE, STATE_IDLE))
              .as("Tomcat's TaskQueue grew the pool to its maximum")
              .hasValue(4.0);
          assertThat(metrics.latestValue(THREAD_COUNT.name(), JETTY, THREAD_STATE, STATE_ACTIVE))
              .hasValue(0.0);
          assertThat(
                  metrics.latestValue(
                      THREAD_COUNT.name(), TOMCAT_BOUNDED, THREAD_STATE, STATE_ACTIVE))
              .as("the worker blocked until the end")
              .hasValue(1.0);
        });
  }

  @Test
  @Order(7)
  void tagsEveryPointOfAPoolWithItsClassAndTheServerThatOwnsIt() {
    String tomcatClass = Pattern.quote("org.apache.tomcat.util.threads.ThreadPoolExecutor");
    String jettyClass = Pattern.quote("org.eclipse.jetty.util.thread.QueuedThreadPool");
    // The request pools are the application's anonymous subclasses: their own class is the type.
    String appSubclass = Pattern.quote(ServletPoolsApp.class.getName()) + "\\$\\d+";
    Map<String, TypeAndOwner> expected =
        Map.of(
            TOMCAT, new TypeAndOwner(appSubclass, "tomcat"),
            TOMCAT_BOUNDED, new TypeAndOwner(tomcatClass, "tomcat"),
            JETTY, new TypeAndOwner(appSubclass, "jetty"),
            JETTY_DEFAULT, new TypeAndOwner(jettyClass, "jetty"),
            JETTY_BOUNDED, new TypeAndOwner(jettyClass, "jetty"));
    eventually(() -> assertTypeAndOwnerOnEveryPoint(expected));
  }

  /** A pool's expected {@code jvm.executor.type}, as a pattern, and its owner. */
  private record TypeAndOwner(String typePattern, String owner) {}

  private void assertTypeAndOwnerOnEveryPoint(Map<String, TypeAndOwner> expected) {
    Map<String, Integer> checked = new HashMap<>();
    for (Metric metric : receiver.metrics().all()) {
      if (!metric.getName().startsWith(EXECUTOR_PREFIX)) {
        continue;
      }
      for (List<KeyValue> attributes : ReceivedMetrics.pointAttributes(metric)) {
        String pool = ReceivedMetrics.text(attributes, ReceivedMetrics.POOL);
        TypeAndOwner want = expected.get(pool);
        if (want == null) {
          continue;
        }
        String where = metric.getName() + " of " + pool;
        assertThat(ReceivedMetrics.text(attributes, EXECUTOR_TYPE))
            .as(where)
            .matches(want.typePattern());
        assertThat(ReceivedMetrics.text(attributes, EXECUTOR_OWNER_NAME))
            .as(where)
            .isEqualTo(want.owner());
        checked.merge(pool, 1, Integer::sum);
      }
    }
    assertThat(checked).as("points checked per pool").containsOnlyKeys(expected.keySet());
  }

  @Test
  @Order(100)
  void resizesBothRequestPoolsThroughTheControlChannel() {
    receiver.answerControlWith(
        """
        {"protocol":1,"version":1,"hash":"servlets-1","desired":[\
        {"pool":"http-nio-8080-exec-*","core":3,"max":6},\
        {"pool":"jetty-worker-*","core":3,"max":7}]}""");

    await()
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              app.sendLine("sizes");
              assertThat(app.stdout())
                  .as("sizes as the pools themselves report them")
                  .contains("tomcat sizes 3/6", "jetty sizes 3/7");
            });
    eventually(
        () -> {
          ReceivedMetrics metrics = receiver.metrics();
          assertThat(metrics.latestValue(THREAD_CORE.name(), TOMCAT)).hasValue(3.0);
          assertThat(metrics.latestValue(THREAD_LIMIT.name(), TOMCAT)).hasValue(6.0);
          assertThat(metrics.latestValue(THREAD_CORE.name(), JETTY)).hasValue(3.0);
          assertThat(metrics.latestValue(THREAD_LIMIT.name(), JETTY)).hasValue(7.0);
        });
  }

  private ExponentialHistogramDataPoint histogramWithAtLeast(
      String metric, String pool, int count) {
    eventually(
        () ->
            assertThat(receiver.metrics().latestHistogram(metric, pool))
                .as(metric + " of " + pool)
                .hasValueSatisfying(p -> assertThat(p.getCount()).isGreaterThanOrEqualTo(count)));
    return receiver.metrics().latestHistogram(metric, pool).orElseThrow();
  }

  private static void eventually(ThrowingRunnable assertion) {
    await().atMost(PATIENCE).untilAsserted(assertion);
  }
}
