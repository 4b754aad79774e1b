package io.poolpilot.sidecar.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.protocol.histogram.ExponentialHistogram;
import io.poolpilot.tuning.telemetry.CumulativeCount;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PoolModelTest {

  private static final PoolKey ORDERS = new PoolKey("orders", "i-1", "orders-*");
  private static final long START = 1_000;
  private static final long SECOND = 1_000_000_000L;

  private final PoolModel model = new PoolModel();

  @Test
  void queueWaitQuantilesDescribeOnlyTheTasksOfTheLatestInterval() {
    // First interval: 100 tasks that waited about 1 ms (bucket -80 at scale 3).
    model.record(waits(1 * SECOND, START, -80, 100, 0));
    // Second interval: 50 more tasks, all waiting about 1 s (bucket 0).
    model.record(waits(2 * SECOND, START, -80, 100, 50));

    WaitQuantiles wait = model.snapshots().get(0).queueWait();

    assertThat(wait.samples()).isEqualTo(50);
    assertThat(wait.p50Seconds().getAsDouble()).isBetween(1.0, Math.pow(2, 1.0 / 8));
  }

  @Test
  void runTimesDescribeOnlyTheTasksThatEndedInTheLatestInterval() {
    model.record(runTimes(1 * SECOND, 100, 0));
    model.record(runTimes(2 * SECOND, 100, 50));

    RunTimes runTime = model.snapshots().get(0).runTime();

    assertThat(runTime.samples()).isEqualTo(50);
    assertThat(runTime.meanSeconds().getAsDouble()).isBetween(1.0, Math.pow(2, 1.0 / 8));
    assertThat(model.snapshots().get(0).queueWait()).isEqualTo(WaitQuantiles.NONE);
  }

  @Test
  void theFirstExportOfAPoolCountsEverythingSinceItsStart() {
    model.record(waits(1 * SECOND, START, -80, 100, 0));

    WaitQuantiles wait = model.snapshots().get(0).queueWait();

    assertThat(wait.samples()).isEqualTo(100);
    assertThat(wait.p99Seconds().getAsDouble()).isLessThan(0.0011);
  }

  @Test
  void aNewStartTimeMakesTheWholeHistogramTheInterval() {
    model.record(waits(1 * SECOND, START, -80, 100, 0));
    model.record(waits(2 * SECOND, START + 500, -80, 3, 0));

    assertThat(model.snapshots().get(0).queueWait().samples()).isEqualTo(3);
  }

  @Test
  void shrinkingBucketsWithoutANewStartTimeAreTreatedAsARestart() {
    model.record(waits(1 * SECOND, START, -80, 100, 0));
    model.record(waits(2 * SECOND, START, -80, 7, 0));

    assertThat(model.snapshots().get(0).queueWait().samples()).isEqualTo(7);
  }

  @Test
  void aRetriedOrOlderReportChangesNothing() {
    model.record(waits(2 * SECOND, START, -80, 100, 10));
    PoolSnapshot before = model.snapshots().get(0);

    model.record(waits(2 * SECOND, START, -80, 100, 10));
    model.record(waits(1 * SECOND, START, -80, 100, 0));

    assertThat(model.snapshots()).containsExactly(before);
  }

  @Test
  void anOvertakenDeltaReportStillCountsItsTasksButNotItsGauges() {
    model.record(deltaReport(1 * SECOND, 10, 1, 5.0));
    model.record(deltaReport(3 * SECOND, 30, 3, 7.0));
    PoolSnapshot beforeOvertaken = model.snapshots().get(0);

    model.record(deltaReport(2 * SECOND, 20, 2, 99.0));

    assertThat(model.snapshots()).containsExactly(beforeOvertaken);

    model.record(deltaReport(4 * SECOND, 40, 4, 8.0));

    PoolSnapshot pool = model.snapshots().get(0);
    assertThat(pool.completed()).hasValue(10 + 30 + 20 + 40);
    assertThat(pool.rejected()).hasValue(1 + 3 + 2 + 4);
    assertThat(pool.completedRate().getAsDouble()).isEqualTo(60.0);
    assertThat(pool.queueWait().samples()).isEqualTo(20 + 40);
    assertThat(pool.runTime().samples()).isEqualTo(20 + 40);
    assertThat(pool.queued()).hasValue(8);
    assertThat(model.readings(InstanceKey.of(ORDERS)).get(ORDERS.pool()).completed().count())
        .isEqualTo(100);
  }

  @Test
  void aCumulativeCounterGivesRatesAcrossAResetAndIgnoresADuplicate() {
    model.record(counted(1 * SECOND, START, 100));
    model.record(counted(2 * SECOND, START, 130));
    assertThat(model.snapshots().get(0).completedRate()).hasValue(30.0);

    // The pool was rebuilt: a new start, and only what the new series counted is new.
    model.record(counted(3 * SECOND, START + 2 * SECOND, 12));
    assertThat(model.snapshots().get(0).completedRate()).hasValue(12.0);

    // A retry of the same export is no interval: the rate stays.
    model.record(counted(3 * SECOND, START + 2 * SECOND, 12));
    assertThat(model.snapshots().get(0).completedRate()).hasValue(12.0);

    model.record(counted(5 * SECOND, START + 2 * SECOND, 32));
    PoolSnapshot pool = model.snapshots().get(0);
    assertThat(pool.completedRate()).hasValue(10.0);
    assertThat(pool.completed()).hasValue(32);
  }

  /**
   * The count of failed requests reaches the reading the tuner's observation is made from, kept as
   * the completions are: cumulative, across a restart of its series, and unchanged by an export
   * that does not carry it.
   */
  @Test
  void theCountOfFailedRequestsReachesTheReadingAcrossARestartAndAnExportWithoutIt() {
    model.record(failed(1 * SECOND, START, 100, 40));
    assertThat(failedInReading().count()).isEqualTo(40);

    model.record(failed(2 * SECOND, START + SECOND, 130, 5));
    assertThat(failedInReading())
        .as("a new series: its start and count, which the conversion counts as all new")
        .isEqualTo(new CumulativeCount(START + SECOND, 5));

    model.record(counted(3 * SECOND, START, 160));
    assertThat(failedInReading().count()).isEqualTo(5);
  }

  private CumulativeCount failedInReading() {
    return model.readings(InstanceKey.of(ORDERS)).get(ORDERS.pool()).failed();
  }

  private static PoolReport failed(long time, long start, double completed, double failed) {
    return new PoolReport(
        ORDERS,
        time,
        Map.of(),
        Map.of(
            PoolValue.COMPLETED,
            new CounterPoint(Temporality.CUMULATIVE, START, time, completed),
            PoolValue.FAILED_REQUESTS,
            new CounterPoint(Temporality.CUMULATIVE, start, time, failed)),
        Optional.empty());
  }

  @Test
  void aReadingGivenOutDoesNotChangeWithLaterExports() {
    model.record(waits(1 * SECOND, START, -80, 100, 0));
    var given = model.readings(InstanceKey.of(ORDERS)).get(ORDERS.pool());

    model.record(waits(2 * SECOND, START, -80, 100, 50));

    assertThat(given.timeUnixNano()).isEqualTo(1 * SECOND);
    assertThat(given.queueWaits().histogram().totalCount()).isEqualTo(100);
    assertThat(
            model
                .readings(InstanceKey.of(ORDERS))
                .get(ORDERS.pool())
                .queueWaits()
                .histogram()
                .totalCount())
        .isEqualTo(150);
  }

  @Test
  void anIntervalWithoutTasksHasNoQuantiles() {
    model.record(waits(1 * SECOND, START, -80, 100, 0));
    model.record(waits(2 * SECOND, START, -80, 100, 0));

    assertThat(model.snapshots().get(0).queueWait()).isEqualTo(WaitQuantiles.NONE);
  }

  @Test
  void readingsMissingFromAReportKeepTheirLastValue() {
    model.record(
        new PoolReport(
            ORDERS, SECOND, Map.of(PoolValue.CORE, 4.0, PoolValue.QUEUED, 9.0), Optional.empty()));
    model.record(
        new PoolReport(ORDERS, 2 * SECOND, Map.of(PoolValue.QUEUED, 2.0), Optional.empty()));

    PoolSnapshot pool = model.snapshots().get(0);

    assertThat(pool.core()).hasValue(4);
    assertThat(pool.queued()).hasValue(2);
    assertThat(pool.max()).isEmpty();
    assertThat(pool.observedAtUnixNano()).isEqualTo(2 * SECOND);
  }

  @Test
  void listsPoolsByServiceThenPoolThenInstance() {
    PoolKey b = new PoolKey("billing", "i-9", "io-*");
    PoolKey o2 = new PoolKey("orders", "i-2", "orders-*");
    PoolKey o1 = new PoolKey("orders", "i-1", "orders-*");
    PoolKey oa = new PoolKey("orders", "i-3", "async-*");
    for (PoolKey key : new PoolKey[] {o2, b, o1, oa}) {
      model.record(new PoolReport(key, SECOND, Map.of(PoolValue.CORE, 1.0), Optional.empty()));
    }

    assertThat(model.snapshots()).extracting(PoolSnapshot::key).containsExactly(b, oa, o1, o2);
  }

  /**
   * A report whose cumulative histogram has {@code low} waits at bucket {@code lowIndex}, {@code
   * high} at 0.
   */
  private static PoolReport runTimes(long time, long low, long high) {
    long[] counts = new long[81];
    counts[0] = low;
    counts[80] = high;
    return new PoolReport(
        ORDERS,
        time,
        Map.of(),
        Map.of(),
        Optional.empty(),
        Optional.of(
            HistogramPoint.cumulative(START, time, new ExponentialHistogram(3, 0, -80, counts))));
  }

  /**
   * A delta report of the second before {@code time}: {@code tasks} completed, each waiting and
   * running about 1 ms, {@code rejected} refused, and the queue length then.
   */
  private static PoolReport deltaReport(long time, long tasks, long rejected, double queued) {
    ExponentialHistogram oneMillisecond = new ExponentialHistogram(3, 0, -80, new long[] {tasks});
    long start = time - SECOND;
    return new PoolReport(
        ORDERS,
        time,
        Map.of(PoolValue.QUEUED, queued),
        Map.of(
            PoolValue.COMPLETED,
            new CounterPoint(Temporality.DELTA, start, time, tasks),
            PoolValue.REJECTED,
            new CounterPoint(Temporality.DELTA, start, time, rejected)),
        Optional.of(HistogramPoint.delta(start, time, oneMillisecond)),
        Optional.of(HistogramPoint.delta(start, time, oneMillisecond)));
  }

  private static PoolReport counted(long time, long start, double completed) {
    return new PoolReport(
        ORDERS,
        time,
        Map.of(),
        Map.of(
            PoolValue.COMPLETED, new CounterPoint(Temporality.CUMULATIVE, start, time, completed)),
        Optional.empty());
  }

  private static PoolReport waits(long time, long start, int lowIndex, long low, long high) {
    long[] counts = new long[-lowIndex + 1];
    counts[0] = low;
    counts[counts.length - 1] = high;
    return new PoolReport(
        ORDERS,
        time,
        Map.of(),
        Optional.of(
            HistogramPoint.cumulative(
                start, time, new ExponentialHistogram(3, 0, lowIndex, counts))));
  }
}
