package io.poolpilot.agent.it;

import static io.poolpilot.agent.it.HistogramBuckets.countedInBuckets;
import static io.poolpilot.agent.it.HistogramBuckets.highestNonEmpty;
import static io.poolpilot.agent.it.HistogramBuckets.lowerBound;
import static io.poolpilot.agent.it.HistogramBuckets.lowestNonEmpty;
import static io.poolpilot.agent.it.HistogramBuckets.upperBound;
import static io.poolpilot.protocol.TelemetryNames.QUEUE_CAPACITY;
import static io.poolpilot.protocol.TelemetryNames.QUEUE_OLDEST_AGE;
import static io.poolpilot.protocol.TelemetryNames.QUEUE_SIZE;
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
import static org.assertj.core.api.InstanceOfAssertFactories.DOUBLE;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.poolpilot.agent.it.app.EarlyPoolAgent;
import io.poolpilot.agent.it.app.PoolsApp;
import io.poolpilot.testsupport.LaunchedJvm;
import io.poolpilot.testsupport.OtlpReceiver;
import io.poolpilot.testsupport.ReceivedMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link PoolsApp} under the agent, with a pool built before the agent's premain, and checks
 * the values the agent exports for each pool against the workload the application ran.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ThreadPoolMetricsIT {
  static final String ORDERS = "orders-worker-*";
  static final String DEFAULTS = "io.poolpilot.agent.it.app.PoolsApp";
  static final String LANE = "lane-*";
  static final String BOUNDED = "bounded-*";
  static final String TICKER = "ticker-*";
  static final String EARLY = "early-*";

  private static final int EARLY_WORKERS = 2;
  private static final String HOOKS_SAW = "hooks saw";
  private static final int EARLY_TASKS = PoolsApp.EARLY_TASKS;

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private PoolsAppUnderAgent run;
  private OtlpReceiver receiver;
  private LaunchedJvm app;

  @BeforeAll
  void startApplication(@TempDir Path dir) throws IOException {
    run = PoolsAppUnderAgent.start(dir);
    receiver = run.receiver;
    app = run.app;
  }

  @AfterAll
  void stopApplication() {
    if (run != null) {
      run.close();
    }
  }

  @Test
  void runsTheApplicationsWorkloadUnchanged() {
    assertThat(app.stdout())
        .filteredOn(line -> !line.contains(HOOKS_SAW))
        .as(app::report)
        .startsWith(
            "orders: 20 tasks done, total 210",
            "default: 12 tasks done, total 78",
            "lane: 10 tasks done",
            "bounded: 5 rejected, 2 waiting",
            "ticker: ticked 5 times",
            "early: 2 + 5 more tasks done",
            "workload done");
  }

  /**
   * The agent's task wrapper must never reach {@code beforeExecute} or {@code afterExecute}, on a
   * pool built under the agent or before it, whose workers were parked in code the agent had not
   * yet instrumented.
   */
  @Test
  void handsThePoolsHooksOnlyTheApplicationsOwnTasks() {
    assertThat(app.stdout())
        .as(app::report)
        .contains(
            "orders: " + HOOKS_SAW + " 0 tasks in another form",
            "early: " + HOOKS_SAW + " 0 tasks in another form");
  }

  @Test
  void namesPoolsByThreadPrefixOrByTheClassThatBuiltThem() {
    eventually(
        () ->
            assertThat(receiver.metrics().poolNames())
                .contains(ORDERS, DEFAULTS, LANE, BOUNDED, TICKER, EARLY));
    assertThat(receiver.metrics().poolNames())
        .as("no per-thread names and no JDK default names with their start-order number")
        .noneMatch(name -> name.matches("(orders-worker|lane|bounded|ticker|early)-\\d+"))
        .noneMatch(name -> name.startsWith("pool-"));
  }

  @Test
  void countsCompletedTasksOfEveryPool() {
    eventually(
        () -> {
          ReceivedMetrics metrics = receiver.metrics();
          assertThat(metrics.latestValue(TASK_COMPLETED.name(), ORDERS)).hasValue(20.0);
          assertThat(metrics.latestValue(TASK_COMPLETED.name(), DEFAULTS)).hasValue(12.0);
          assertThat(metrics.latestValue(TASK_COMPLETED.name(), LANE)).hasValue(10.0);
          assertThat(metrics.latestValue(TASK_COMPLETED.name(), BOUNDED)).hasValue(0.0);
          assertThat(metrics.latestValue(TASK_COMPLETED.name(), TICKER))
              .get(DOUBLE)
              .isGreaterThanOrEqualTo(5.0);
        });
  }

  @Test
  void countsTasksThePoolRejected() {
    eventually(
        () ->
            assertThat(receiver.metrics().latestValue(TASK_REJECTED.name(), BOUNDED))
                .hasValue(5.0));
    assertThat(receiver.metrics().latestValue(TASK_REJECTED.name(), LANE)).hasValue(0.0);
  }

  @Test
  void reportsQueueWaitOfEveryTaskOnASingleThreadPool() {
    ExponentialHistogramDataPoint wait = histogramWithAtLeast(TASK_WAIT.name(), LANE, 10);

    assertThat(wait.getCount()).as("one queue wait per task").isEqualTo(10);
    assertThat(countedInBuckets(wait)).isEqualTo(10);
    assertThat(wait.getSum())
        .as("0 + 50 + ... + 450 ms, in seconds; late sleeps on a busy machine only add")
        .isBetween(1.8, 12.0);
    int top = highestNonEmpty(wait).orElseThrow();
    assertThat(upperBound(wait.getScale(), top))
        .as("the last task waited about 450 ms")
        .isGreaterThanOrEqualTo(0.4);
    assertThat(lowerBound(wait.getScale(), top)).isLessThan(5.0);
  }

  @Test
  void reportsRunTimeOfEveryTaskOnASingleThreadPool() {
    ExponentialHistogramDataPoint duration = histogramWithAtLeast(TASK_DURATION.name(), LANE, 10);

    assertThat(duration.getCount()).as("one run time per task").isEqualTo(10);
    assertThat(countedInBuckets(duration)).isEqualTo(10);
    assertThat(duration.getSum()).as("10 tasks of 50 ms, in seconds").isBetween(0.45, 5.0);
    assertThat(upperBound(duration.getScale(), lowestNonEmpty(duration).orElseThrow()))
        .as("no task ran shorter than its 50 ms sleep")
        .isGreaterThanOrEqualTo(0.045);
    assertThat(lowerBound(duration.getScale(), highestNonEmpty(duration).orElseThrow()))
        .isLessThan(2.0);
  }

  @Test
  void reportsSizesTheApplicationGaveEachPool() {
    eventually(
        () -> {
          ReceivedMetrics metrics = receiver.metrics();
          assertThat(metrics.latestValue(THREAD_CORE.name(), ORDERS)).hasValue(2.0);
          assertThat(metrics.latestValue(THREAD_LIMIT.name(), ORDERS)).hasValue(4.0);
          assertThat(metrics.latestValue(THREAD_CORE.name(), DEFAULTS)).hasValue(3.0);
          assertThat(metrics.latestValue(THREAD_LIMIT.name(), DEFAULTS)).hasValue(3.0);
          assertThat(metrics.latestValue(THREAD_CORE.name(), LANE)).hasValue(1.0);
          assertThat(metrics.latestValue(THREAD_LIMIT.name(), LANE)).hasValue(1.0);
          assertThat(metrics.latestValue(THREAD_CORE.name(), BOUNDED)).hasValue(1.0);
          assertThat(metrics.latestValue(THREAD_LIMIT.name(), BOUNDED)).hasValue(1.0);
          assertThat(metrics.latestValue(THREAD_CORE.name(), TICKER)).hasValue(1.0);
        });
  }

  @Test
  void reportsQueueCapacityOnlyForBoundedQueues() {
    eventually(
        () -> {
          ReceivedMetrics metrics = receiver.metrics();
          assertThat(metrics.latestValue(QUEUE_CAPACITY.name(), ORDERS)).hasValue(100.0);
          assertThat(metrics.latestValue(QUEUE_CAPACITY.name(), BOUNDED)).hasValue(2.0);
          assertThat(metrics.latestValue(QUEUE_SIZE.name(), LANE)).isPresent();
          assertThat(metrics.latestValue(QUEUE_SIZE.name(), DEFAULTS)).isPresent();
        });
    ReceivedMetrics metrics = receiver.metrics();
    assertThat(metrics.latestValue(QUEUE_CAPACITY.name(), LANE)).as("unbounded queue").isEmpty();
    assertThat(metrics.latestValue(QUEUE_CAPACITY.name(), DEFAULTS))
        .as("unbounded queue")
        .isEmpty();
  }

  @Test
  void showsTheBacklogBehindABusyWorker() {
    eventually(
        () -> {
          ReceivedMetrics metrics = receiver.metrics();
          assertThat(metrics.latestValue(QUEUE_SIZE.name(), BOUNDED)).hasValue(2.0);
          assertThat(metrics.latestValue(QUEUE_OLDEST_AGE.name(), BOUNDED))
              .get(DOUBLE)
              .isGreaterThanOrEqualTo(0.5);
        });
    double age = receiver.metrics().latestValue(QUEUE_OLDEST_AGE.name(), BOUNDED).orElseThrow();
    eventually(
        () ->
            assertThat(receiver.metrics().latestValue(QUEUE_OLDEST_AGE.name(), BOUNDED))
                .as("the oldest waiting task keeps ageing")
                .get(DOUBLE)
                .isGreaterThan(age + 0.5));
    assertThat(receiver.metrics().latestValue(QUEUE_SIZE.name(), LANE)).hasValue(0.0);
    assertThat(receiver.metrics().latestValue(QUEUE_OLDEST_AGE.name(), LANE)).hasValue(0.0);
  }

  @Test
  void countsIdleAndActiveThreads() {
    eventually(
        () -> {
          ReceivedMetrics metrics = receiver.metrics();
          assertThreads(metrics, ORDERS, 0, 2);
          assertThreads(metrics, DEFAULTS, 0, 3);
          assertThreads(metrics, LANE, 0, 1);
          assertThreads(metrics, BOUNDED, 1, 0);
          assertThreads(metrics, EARLY, 0, 2);
        });
  }

  @Test
  void reportsAPoolBuiltBeforeTheAgentStarted() {
    eventually(
        () -> {
          ReceivedMetrics metrics = receiver.metrics();
          assertThat(metrics.latestValue(TASK_COMPLETED.name(), EARLY))
              .as("tasks run before and after the agent started")
              .hasValue((double) EarlyPoolAgent.TASKS_BEFORE_MAIN + EARLY_WORKERS + EARLY_TASKS);
          assertThat(metrics.latestValue(THREAD_CORE.name(), EARLY)).hasValue(2.0);
          assertThat(metrics.latestValue(THREAD_LIMIT.name(), EARLY)).hasValue(2.0);
        });
  }

  /**
   * A worker parked in {@code getTask} since before the agent started returns its next task through
   * code the agent never saw, so that one task per worker may go unmeasured; every task after it
   * must be measured like on any other pool.
   */
  @Test
  void measuresEveryTaskOnAnEarlyPoolOnceEachWorkerRanOne() {
    ExponentialHistogramDataPoint wait = histogramWithAtLeast(TASK_WAIT.name(), EARLY, EARLY_TASKS);
    ExponentialHistogramDataPoint duration =
        histogramWithAtLeast(TASK_DURATION.name(), EARLY, EARLY_TASKS);

    assertThat(wait.getCount()).isBetween((long) EARLY_TASKS, (long) EARLY_TASKS + EARLY_WORKERS);
    assertThat(duration.getCount())
        .isBetween((long) EARLY_TASKS, (long) EARLY_TASKS + EARLY_WORKERS);
    assertThat(duration.getSum()).as("at least 5 tasks of 5 ms").isBetween(0.025, 2.0);
  }

  @Test
  void reportsTheScheduledPool() {
    ExponentialHistogramDataPoint wait = histogramWithAtLeast(TASK_WAIT.name(), TICKER, 5);
    ExponentialHistogramDataPoint duration = histogramWithAtLeast(TASK_DURATION.name(), TICKER, 5);

    assertThat(wait.getSum() / wait.getCount())
        .as("a due tick on an idle pool starts at once: wait counts from due time, not schedule")
        .isLessThan(0.05);
    assertThat(duration.getCount()).isGreaterThanOrEqualTo(5);
    assertThat(receiver.metrics().latestValue(QUEUE_OLDEST_AGE.name(), TICKER).orElse(0.0))
        .as("a periodic task that is not yet due is no backlog")
        .isLessThan(0.5);
  }

  @Test
  void exportsAtTheConfiguredInterval() {
    eventually(() -> assertThat(receiver.metrics().requestCount()).isGreaterThanOrEqualTo(11));
    List<Instant> times = receiver.metrics().arrivalTimes();
    List<Instant> last = times.subList(times.size() - 11, times.size());
    assertThat(Duration.between(last.get(0), last.get(10)))
        .as("10 export intervals of 200 ms")
        .isBetween(Duration.ofSeconds(1), Duration.ofSeconds(6));
  }

  private void assertThreads(ReceivedMetrics metrics, String pool, double active, double idle) {
    assertThat(
            metrics.latestValue(THREAD_COUNT.name(), pool, THREAD_STATE, STATE_ACTIVE).orElse(0.0))
        .as("active threads of " + pool)
        .isEqualTo(active);
    assertThat(metrics.latestValue(THREAD_COUNT.name(), pool, THREAD_STATE, STATE_IDLE).orElse(0.0))
        .as("idle threads of " + pool)
        .isEqualTo(idle);
    assertThat(metrics.latestPoint(THREAD_COUNT.name(), pool))
        .as("thread count of " + pool)
        .isPresent();
  }

  /** Waits until the latest histogram of {@code pool} counts at least {@code count} values. */
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
