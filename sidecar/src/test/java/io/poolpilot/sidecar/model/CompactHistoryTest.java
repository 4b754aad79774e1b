package io.poolpilot.sidecar.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompactHistoryTest {

  private static final Instant START = Instant.parse("2026-11-27T07:00:00Z");
  private static final double NAN = Double.NaN;

  private final CompactHistory history =
      new CompactHistory(
          Duration.ofMinutes(2), 120, Duration.ofSeconds(10), Duration.ofMinutes(15));

  @Test
  void keepsTheLastTwoMinutesAtFullResolutionToFloatPrecision() {
    for (int second = 0; second < 300; second++) {
      history.add(sample(START.plusSeconds(second), second, second / 7.0));
    }

    List<PoolSample> samples = history.samples(START);
    List<PoolSample> recent = samples.subList(samples.size() - 120, samples.size());

    assertThat(recent).allSatisfy(sample -> assertThat(sample.exports()).isEqualTo(1));
    assertThat(recent.get(0).at()).isEqualTo(START.plusSeconds(180));
    assertThat(recent.get(0).queued()).isEqualTo(180);
    assertThat(recent.get(0).utilization()).isCloseTo(180 / 7.0, within(1e-5));
    assertThat(recent.get(119).at()).isEqualTo(START.plusSeconds(299));
    // 0 to 179 s in eighteen 10-second buckets.
    assertThat(samples).hasSize(18 + 120);
    assertThat(samples.subList(0, 18))
        .allSatisfy(sample -> assertThat(sample.exports()).isEqualTo(10));
  }

  @Test
  void aggregatesEachFieldByItsRuleWhenSamplesLeaveFullResolution() {
    history.add(new PoolSample(START, 4, 16, 2, 0, 0.010, 0.020, 100, 0, 0.125, 0.5, 1));
    history.add(
        new PoolSample(START.plusSeconds(3), 6, 16, 4, 1, 0.030, 0.900, 300, 6, 0.25, NAN, 1));
    history.add(
        new PoolSample(START.plusSeconds(9), NAN, 32, 9, 5, 0.020, 0.050, 200, 0, 0.5, 0.2, 1));
    // Over two minutes later the three have left full resolution for the bucket of 0 to 10 s.
    history.add(sample(START.plusSeconds(130), 0, 0));

    PoolSample bucket = history.samples(START).get(0);

    assertThat(bucket.at()).isEqualTo(START);
    assertThat(bucket.exports()).isEqualTo(3);
    assertThat(bucket.core()).as("last known size").isEqualTo(6);
    assertThat(bucket.max()).as("last size").isEqualTo(32);
    assertThat(bucket.active()).as("mean").isCloseTo(5, within(1e-6));
    assertThat(bucket.queued()).as("mean").isCloseTo(2, within(1e-6));
    assertThat(bucket.queueWaitP50Seconds()).as("max").isCloseTo(0.030, within(1e-8));
    assertThat(bucket.queueWaitP99Seconds())
        .as("max keeps the spike")
        .isCloseTo(0.900, within(1e-7));
    assertThat(bucket.completedRate()).as("mean").isCloseTo(200, within(1e-6));
    assertThat(bucket.rejectedRate()).as("mean").isCloseTo(2, within(1e-6));
    assertThat(bucket.utilization()).as("mean").isCloseTo(0.875 / 3, within(1e-6));
    assertThat(bucket.cpuUtilization()).as("mean of the known").isCloseTo(0.35, within(1e-6));
  }

  @Test
  void aFieldNobodyReportedStaysUnknownInItsBucket() {
    history.add(new PoolSample(START, NAN, NAN, NAN, 1, NAN, NAN, NAN, NAN, NAN, NAN, 1));
    history.add(sample(START.plusSeconds(200), 0, 0));

    PoolSample bucket = history.samples(START).get(0);

    assertThat(bucket.queued()).isEqualTo(1);
    assertThat(bucket.core()).isNaN();
    assertThat(bucket.queueWaitP99Seconds()).isNaN();
    assertThat(bucket.completedRate()).isNaN();
  }

  @Test
  void aFasterExporterGetsAShorterFullResolutionAndNoMoreRows() {
    for (int tenth = 0; tenth < 36_000; tenth++) {
      history.add(sample(START.plusMillis(100L * tenth), tenth, 0));
    }
    Instant now = START.plusSeconds(3600);

    List<PoolSample> samples = history.samples(now.minus(Duration.ofMinutes(15)));

    assertThat(samples.size()).isLessThanOrEqualTo(history.capacity());
    assertThat(history.capacity()).isEqualTo(120 + 91);
    List<PoolSample> full = samples.stream().filter(s -> s.exports() == 1).toList();
    assertThat(full).hasSize(120);
    assertThat(full.get(0).at()).isEqualTo(now.minusSeconds(12));
    // Each whole 10-second bucket took a hundred exports.
    assertThat(samples.get(1).exports()).isEqualTo(100);
  }

  @Test
  void dropsWhatIsOlderThanTheWindow() {
    for (int second = 0; second < 20 * 60; second++) {
      history.add(sample(START.plusSeconds(second), second, 0));
    }
    Instant oldest = START.plusSeconds(20 * 60).minus(Duration.ofMinutes(15));

    List<PoolSample> samples = history.samples(oldest);

    assertThat(samples.get(0).at()).isEqualTo(oldest);
    assertThat(samples.get(0).queued()).as("mean of 300 to 309 s").isEqualTo(304.5);
    assertThat(samples).hasSize(78 + 120);
    assertThat(history.samples(START.plusSeconds(3600))).isEmpty();
  }

  @Test
  void samplesComeOldestFirstEvenWhenTheClockStepsBack() {
    for (int second = 0; second < 400; second++) {
      history.add(sample(START.plusSeconds(second), second, 0));
    }
    history.add(sample(START.plusSeconds(250), 1, 0));
    for (int second = 401; second < 700; second++) {
      history.add(sample(START.plusSeconds(second), second, 0));
    }

    List<PoolSample> samples = history.samples(START);

    assertThat(samples).isSortedAccordingTo((a, b) -> a.at().compareTo(b.at()));
    assertThat(samples.stream().mapToInt(PoolSample::exports).sum())
        .as("every export is in one row")
        .isEqualTo(700);
  }

  @Test
  void itsHeapIsFixedAndATenthOfNineHundredSampleObjects() {
    long empty = history.estimatedBytes();
    for (int second = 0; second < 3600; second++) {
      history.add(sample(START.plusSeconds(second), second, 0));
    }

    assertThat(history.estimatedBytes()).isEqualTo(empty);
    // 211 rows of 4 + 4 + 10 × 4 bytes, against 900 records of about 130 bytes.
    assertThat(empty).isBetween(211L * 48, 11_000L);
    assertThat(empty).isLessThan(900L * 130 / 10);
  }

  /**
   * Times are kept as int offsets from a base that moves when a time is too far from it: across
   * such moves, and after a silence longer than an offset reaches, every time reads back exactly.
   */
  @Test
  void keepsExactTimesAcrossMonthsOfRunningAndLongSilences() {
    Instant t = START;
    for (int day = 0; day < 60; day++) {
      for (int k = 0; k < 5; k++) {
        history.add(sample(t.plusMillis(1_000L * k + 7), day, 0));
      }
      List<PoolSample> samples = history.samples(t.minus(Duration.ofMinutes(15)));
      assertThat(samples).hasSize(5);
      assertThat(samples.get(4).at()).isEqualTo(t.plusMillis(4_007));
      assertThat(samples.get(0).at()).isEqualTo(t.plusMillis(7));
      double queued = day;
      assertThat(samples).allSatisfy(sample -> assertThat(sample.queued()).isEqualTo(queued));
      t = t.plus(Duration.ofDays(day % 3 == 0 ? 40 : 1)).plusMillis(day);
    }
  }

  private static PoolSample sample(Instant at, double queued, double utilization) {
    return new PoolSample(at, 4, 16, 2, queued, 0.01, 0.02, 100, 0, utilization, 0.5, 1);
  }
}
