package io.poolpilot.sidecar.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.poolpilot.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PoolHistoryTest {

  private static final PoolKey ORDERS = new PoolKey("orders", "i-1", "orders-*");
  private static final Instant START = Instant.parse("2026-11-27T07:00:00Z");
  private static final long SECOND = 1_000_000_000L;

  private final MutableClock clock = new MutableClock(START);
  private final PoolModel model = new PoolModel(clock);

  @Test
  void keepsTheCapAtFullResolutionAndFoldsOlderSamplesIntoTenSecondBuckets() {
    int fed = 1150;
    for (int i = 0; i < fed; i++) {
      model.record(queued(i + 1, i));
      clock.advance(Duration.ofMillis(100));
    }

    List<PoolSample> samples = samples();

    // 115 s at ten exports a second: the last 120 at full resolution (12 s), the 103 s before in
    // eleven buckets, the last of them partly filled.
    assertThat(samples).hasSize(11 + PoolModel.FULL_RESOLUTION_SAMPLES);
    assertThat(samples.get(0).at()).isEqualTo(START);
    assertThat(samples.get(0).exports()).isEqualTo(100);
    assertThat(samples.get(0).queued()).isEqualTo(49.5);
    assertThat(samples.get(10).exports()).isEqualTo(30);
    assertThat(samples.get(11).queued()).isEqualTo(1030);
    assertThat(samples.get(samples.size() - 1).queued()).isEqualTo(fed - 1);
    assertThat(samples.stream().mapToInt(PoolSample::exports).sum()).isEqualTo(fed);
    assertThat(samples).isSortedAccordingTo((a, b) -> a.at().compareTo(b.at()));
  }

  @Test
  void aShorterFullResolutionWindowFoldsEarlierButKeepsTheFifteenMinutes() {
    PoolModel lean =
        new PoolModel(clock, ModelLimits.DEFAULTS, new HistorySettings(Duration.ofSeconds(30)));
    int fed = 300;
    for (int i = 0; i < fed; i++) {
      lean.record(queued(i + 1, i));
      clock.advance(Duration.ofSeconds(1));
    }

    List<PoolSample> samples = lean.history("orders", "orders-*").get(0).samples();

    // 300 s at one export a second: the last 30 at full resolution, the 270 s before in 27
    // ten-second buckets, nothing lost.
    assertThat(samples).hasSize(27 + 30);
    assertThat(samples.get(0).at()).isEqualTo(START);
    assertThat(samples.get(0).exports()).isEqualTo(10);
    assertThat(samples.subList(27, samples.size())).allMatch(sample -> sample.exports() == 1);
    assertThat(samples.stream().mapToInt(PoolSample::exports).sum()).isEqualTo(fed);
  }

  @Test
  void keepsOnlyTheLastFifteenMinutes() {
    for (int minute = 0; minute < 20; minute++) {
      model.record(queued(minute + 1, minute));
      clock.advance(Duration.ofMinutes(1));
    }

    List<PoolSample> samples = samples();

    // Now is minute 20: minutes 5 to 19 are within the window.
    assertThat(samples).extracting(PoolSample::queued).first().isEqualTo(5.0);
    assertThat(samples).hasSize(15);
    clock.advance(Duration.ofMinutes(30));
    assertThat(model.history("orders", "orders-*").get(0).samples()).isEmpty();
  }

  @Test
  void aSampleCarriesSizesRatesWaitsAndUtilization() {
    model.record(report(1, 4, 16, 8, 100, 0));
    clock.advance(Duration.ofSeconds(1));
    model.record(report(2, 4, 16, 12, 300, 3));

    PoolSample last = samples().get(1);

    assertThat(last.at()).isEqualTo(START.plusSeconds(1));
    assertThat(last.core()).isEqualTo(4);
    assertThat(last.max()).isEqualTo(16);
    assertThat(last.active()).isEqualTo(12);
    assertThat(last.utilization()).isCloseTo(0.75, within(1e-9));
    assertThat(last.completedRate()).isCloseTo(200, within(1e-9));
    assertThat(last.rejectedRate()).isCloseTo(3, within(1e-9));
    assertThat(samples().get(0).completedRate()).isNaN();
    assertThat(last.queueWaitP50Seconds()).isNaN();
  }

  @Test
  void historyIsPerInstanceAndGoesWithAnExpiredInstance() {
    model.record(queued(1, 3));
    model.record(
        new PoolReport(
            new PoolKey("orders", "i-2", "orders-*"),
            SECOND,
            Map.of(PoolValue.QUEUED, 1.0),
            Optional.empty()));
    model.record(
        new PoolReport(
            new PoolKey("orders", "i-2", "other-*"),
            SECOND,
            Map.of(PoolValue.QUEUED, 1.0),
            Optional.empty()));

    assertThat(model.history("orders", "orders-*"))
        .extracting(history -> history.key().instance())
        .containsExactly("i-1", "i-2");

    clock.advance(Duration.ofMinutes(5));
    model.expire(Duration.ofMinutes(2));

    assertThat(model.history("orders", "orders-*")).isEmpty();
  }

  private List<PoolSample> samples() {
    return model.history("orders", "orders-*").get(0).samples();
  }

  private static PoolReport queued(long seconds, long queued) {
    return new PoolReport(
        ORDERS, seconds * SECOND, Map.of(PoolValue.QUEUED, (double) queued), Optional.empty());
  }

  private static PoolReport report(
      long seconds, long core, long max, long active, long completed, long rejected) {
    long time = seconds * SECOND;
    return new PoolReport(
        ORDERS,
        time,
        Map.of(
            PoolValue.CORE,
            (double) core,
            PoolValue.MAX,
            (double) max,
            PoolValue.ACTIVE,
            (double) active),
        Map.of(
            PoolValue.COMPLETED,
            new CounterPoint(Temporality.CUMULATIVE, 1, time, completed),
            PoolValue.REJECTED,
            new CounterPoint(Temporality.CUMULATIVE, 1, time, rejected)),
        Optional.empty());
  }
}
