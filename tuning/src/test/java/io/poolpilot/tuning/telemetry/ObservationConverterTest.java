package io.poolpilot.tuning.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.poolpilot.protocol.histogram.ExponentialHistogram;
import io.poolpilot.protocol.histogram.HistogramRecorder;
import io.poolpilot.tuning.PoolObservation;
import org.junit.jupiter.api.Test;

class ObservationConverterTest {

  private static final long SECOND = 1_000_000_000L;
  private static final long START = 5 * SECOND;
  private static final ProcessFigures TWO_IDLE_PROCESSORS = new ProcessFigures(0, 2, 0, 0);

  /** A reading of a pool whose series began at {@link #START}. */
  private static PoolReading reading(
      long time,
      double completed,
      double rejected,
      ExponentialHistogram waits,
      ExponentialHistogram runs,
      double busy,
      long queued) {
    return new PoolReading(
        time,
        new CumulativeCount(START, completed),
        new CumulativeCount(START, rejected),
        new CumulativeHistogram(START, waits),
        new CumulativeHistogram(START, runs),
        busy,
        queued,
        0,
        CumulativeCount.NONE);
  }

  private static ExponentialHistogram of(double seconds, int times) {
    HistogramRecorder recorder = new HistogramRecorder();
    for (int i = 0; i < times; i++) {
      recorder.record(seconds);
    }
    return recorder.snapshot();
  }

  private static ExponentialHistogram none() {
    return new HistogramRecorder().snapshot();
  }

  @Test
  void ratesAreTheCountsBetweenTheReadingsOverTheTimeBetweenThem() {
    PoolReading earlier = reading(10 * SECOND, 1000, 5, of(0.002, 1000), of(0.01, 1000), 3, 0);
    PoolReading later =
        reading(12 * SECOND, 1400, 25, of(0.002, 1000).plus(of(0.2, 400)), of(0.01, 1400), 4, 0);

    PoolObservation o =
        ObservationConverter.observe("api", earlier, later, 4, 8, TWO_IDLE_PROCESSORS)
            .orElseThrow();

    assertThat(o.periodSeconds()).isEqualTo(2.0);
    assertThat(o.completionsPerSecond()).isEqualTo(200.0);
    assertThat(o.rejectionsPerSecond()).isEqualTo(10.0);
    assertThat(o.arrivalsPerSecond())
        .as("200 completed + 10 refused + one more busy thread, over 2 s")
        .isEqualTo(210.5);
    assertThat(o.queueWaitP50Seconds())
        .as("only the waits recorded in between")
        .isCloseTo(0.2, within(0.2 * 0.09));
    assertThat(o.executionMeanSeconds()).isCloseTo(0.01, within(0.01 * 0.05));
    assertThat(o.busyThreads()).isEqualTo(4);
    assertThat(o.coreSize()).isEqualTo(4);
    assertThat(o.maxSize()).isEqualTo(8);
  }

  @Test
  void tasksStillWaitingOrRunningAtTheEndCountAsArrivals() {
    PoolReading earlier = reading(10 * SECOND, 100, 0, none(), none(), 2, 10);
    PoolReading later = reading(11 * SECOND, 150, 0, none(), none(), 4, 40);

    PoolObservation o =
        ObservationConverter.observe("api", earlier, later, 4, 4, TWO_IDLE_PROCESSORS)
            .orElseThrow();

    assertThat(o.arrivalsPerSecond())
        .as("50 completed + 30 more waiting + 2 more running")
        .isEqualTo(82);
    assertThat(o.queueLength()).isEqualTo(40);
  }

  @Test
  void aDrainingBacklogCountsEachOfItsTasksOnce() {
    PoolReading earlier = reading(10 * SECOND, 100, 0, none(), none(), 4, 40);
    PoolReading later = reading(11 * SECOND, 150, 0, none(), none(), 4, 10);

    assertThat(
            ObservationConverter.observe("api", earlier, later, 4, 4, TWO_IDLE_PROCESSORS)
                .orElseThrow()
                .arrivalsPerSecond())
        .as("50 completed, 30 of them had been waiting already: 20 arrived")
        .isEqualTo(20);
  }

  @Test
  void gaugesThatFellMoreThanTheCountsRoseGiveNoArrivalsRatherThanANegativeRate() {
    PoolReading earlier = reading(10 * SECOND, 100, 0, none(), none(), 8, 40);
    PoolReading later = reading(11 * SECOND, 110, 0, none(), none(), 0, 0);

    assertThat(
            ObservationConverter.observe("api", earlier, later, 8, 8, TWO_IDLE_PROCESSORS)
                .orElseThrow()
                .arrivalsPerSecond())
        .isZero();
  }

  @Test
  void measuredRunTimesAreWhatTheTunerSeesAndLittlesLawOnlyStandsInForThem() {
    PoolReading earlier = reading(10 * SECOND, 0, 0, none(), none(), 4, 0);
    PoolReading measured =
        reading(11 * SECOND, 100, 0, none(), of(0.012, 99).plus(of(0.09, 1)), 4, 0);
    PoolReading unmeasured = reading(11 * SECOND, 100, 0, none(), none(), 4, 0);

    PoolObservation withRunTimes =
        ObservationConverter.observe("api", earlier, measured, 4, 4, TWO_IDLE_PROCESSORS)
            .orElseThrow();
    assertThat(withRunTimes.executionMeanSeconds()).isCloseTo(0.0129, within(0.0129 * 0.05));
    assertThat(withRunTimes.executionP99Seconds()).isCloseTo(0.012, within(0.012 * 0.09));

    PoolObservation littlesLaw =
        ObservationConverter.observe("api", earlier, unmeasured, 4, 4, TWO_IDLE_PROCESSORS)
            .orElseThrow();
    assertThat(littlesLaw.executionMeanSeconds()).as("4 busy / 100 per second").isEqualTo(0.04);
    assertThat(littlesLaw.executionP99Seconds()).isEqualTo(0.04);
  }

  @Test
  void aRebuiltPoolCountsEverythingOfItsNewSeries() {
    PoolReading earlier = reading(10 * SECOND, 5000, 0, of(0.5, 5000), none(), 1, 0);
    PoolReading restarted =
        new PoolReading(
            11 * SECOND,
            new CumulativeCount(10_500_000_000L, 30),
            new CumulativeCount(10_500_000_000L, 0),
            new CumulativeHistogram(10_500_000_000L, of(0.001, 30)),
            CumulativeHistogram.NONE,
            1,
            0,
            0,
            CumulativeCount.NONE);

    PoolObservation o =
        ObservationConverter.observe("api", earlier, restarted, 1, 1, TWO_IDLE_PROCESSORS)
            .orElseThrow();

    assertThat(o.completionsPerSecond()).isEqualTo(30);
    assertThat(o.queueWaitP99Seconds()).isCloseTo(0.001, within(0.001 * 0.09));
  }

  @Test
  void aReadingNoNewerThanTheEarlierOneMakesNoObservation() {
    PoolReading reading = reading(10 * SECOND, 100, 0, none(), none(), 1, 0);

    assertThat(ObservationConverter.observe("api", reading, reading, 1, 1, TWO_IDLE_PROCESSORS))
        .isEmpty();
  }

  @Test
  void sizesAreKeptWithinWhatAnObservationAllows() {
    PoolReading earlier = reading(10 * SECOND, 0, 0, none(), none(), 0, 0);
    PoolReading later = reading(11 * SECOND, 0, 0, none(), none(), 0, 0);

    PoolObservation o =
        ObservationConverter.observe("api", earlier, later, 9, 0, TWO_IDLE_PROCESSORS)
            .orElseThrow();

    assertThat(o.maxSize()).isEqualTo(1);
    assertThat(o.coreSize()).isEqualTo(1);
    assertThat(o.executionMeanSeconds()).as("nothing completed, nothing measured").isZero();
  }

  @Test
  void theProcessesFiguresReachTheObservation() {
    PoolReading earlier = reading(10 * SECOND, 0, 0, none(), none(), 1, 0);
    PoolReading later = reading(11 * SECOND, 10, 0, none(), none(), 1, 0);

    PoolObservation o =
        ObservationConverter.observe(
                "api", earlier, later, 1, 4, new ProcessFigures(0.6, 3, 0.1, 0.2))
            .orElseThrow();

    assertThat(o.cpuUtilization()).isEqualTo(0.6);
    assertThat(o.availableProcessors()).isEqualTo(3);
    assertThat(o.gcTimeFraction()).isEqualTo(0.1);
    assertThat(o.cpuThrottledFraction()).isEqualTo(0.2);
  }

  /**
   * A reading of {@link #reading} with {@code failed} requests counted since {@code failedStart}.
   */
  private static PoolReading withFailures(
      long time, double completed, long failedStart, double failed) {
    PoolReading plain = reading(time, completed, 0, none(), none(), 1, 0);
    return new PoolReading(
        plain.timeUnixNano(),
        plain.completed(),
        plain.rejected(),
        plain.queueWaits(),
        plain.runTimes(),
        plain.busyThreads(),
        plain.queued(),
        plain.oldestWaitSeconds(),
        new CumulativeCount(failedStart, failed));
  }

  @Test
  void failuresAreTheCumulativeCountsRiseOverThePeriodAndLeaveTheGoodput() {
    PoolReading earlier = withFailures(10 * SECOND, 1000, START, 300);
    PoolReading later = withFailures(12 * SECOND, 1470, START, 550);

    PoolObservation o =
        ObservationConverter.observe("api", earlier, later, 4, 4, TWO_IDLE_PROCESSORS)
            .orElseThrow();

    assertThat(o.completionsPerSecond()).isEqualTo(235.0);
    assertThat(o.failuresPerSecond()).as("250 failed over 2 s").isEqualTo(125.0);
    assertThat(o.goodputPerSecond()).isEqualTo(110.0);
  }

  @Test
  void aRestartedFailureCountCountsEverythingOfItsNewSeries() {
    PoolReading earlier = withFailures(10 * SECOND, 1000, START, 900);
    PoolReading restarted = withFailures(11 * SECOND, 1100, 10_500_000_000L, 40);
    PoolReading lower = withFailures(11 * SECOND, 1100, START, 40);

    PoolObservation newStart =
        ObservationConverter.observe("api", earlier, restarted, 4, 4, TWO_IDLE_PROCESSORS)
            .orElseThrow();
    PoolObservation fellBack =
        ObservationConverter.observe("api", earlier, lower, 4, 4, TWO_IDLE_PROCESSORS)
            .orElseThrow();

    assertThat(newStart.failuresPerSecond()).as("a new start: all 40 are new").isEqualTo(40.0);
    assertThat(fellBack.failuresPerSecond())
        .as("the same start but a smaller count: the series restarted")
        .isEqualTo(40.0);
    assertThat(newStart.goodputPerSecond()).isEqualTo(60.0);
  }

  @Test
  void aPoolWithoutAFailureCountIsJudgedOnAllItsCompletions() {
    PoolReading earlier = reading(10 * SECOND, 1000, 0, none(), none(), 1, 0);
    PoolReading later = reading(11 * SECOND, 1200, 0, none(), none(), 1, 0);

    PoolObservation o =
        ObservationConverter.observe("api", earlier, later, 4, 4, TWO_IDLE_PROCESSORS)
            .orElseThrow();

    assertThat(o.failuresPerSecond()).isZero();
    assertThat(o.goodputPerSecond()).isEqualTo(o.completionsPerSecond()).isEqualTo(200.0);
  }

  @Test
  void moreFailuresThanCompletionsInAPeriodLeaveNoGoodputRatherThanANegativeOne() {
    PoolReading earlier = withFailures(10 * SECOND, 1000, START, 0);
    PoolReading later = withFailures(11 * SECOND, 1010, START, 15);

    PoolObservation o =
        ObservationConverter.observe("api", earlier, later, 4, 4, TWO_IDLE_PROCESSORS)
            .orElseThrow();

    assertThat(o.failuresPerSecond()).isEqualTo(15.0);
    assertThat(o.goodputPerSecond()).isZero();
  }
}
