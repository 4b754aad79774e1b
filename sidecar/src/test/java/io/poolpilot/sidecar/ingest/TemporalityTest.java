package io.poolpilot.sidecar.ingest;

import static io.poolpilot.sidecar.testing.PoolExport.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.poolpilot.sidecar.model.PoolModel;
import io.poolpilot.sidecar.model.PoolSnapshot;
import io.poolpilot.sidecar.testing.PoolExport;
import org.junit.jupiter.api.Test;

/**
 * The same tasks exported once with cumulative and once with delta temporality, as real OTLP
 * protobuf through the extractor into the model, must read the same.
 */
class TemporalityTest {

  private static final long SECOND = 1_000_000_000L;
  private static final long T0 = PoolExport.START_NANOS;

  /** Tasks completed and rejected in each of three one-second intervals. */
  private static final long[] COMPLETED = {100, 150, 200};

  private static final long[] REJECTED = {0, 5, 0};

  /** Queue waits per interval: counts of buckets -8 (about 0.5 s) and 0 (about 1 s). */
  private static final long[][] WAITS = {{90, 10}, {140, 10}, {100, 100}};

  private final PoolMetricsExtractor extractor = new PoolMetricsExtractor();

  @Test
  void deltaAndCumulativeExportsGiveTheSameRatesTotalsAndPercentiles() {
    PoolModel cumulative = new PoolModel();
    PoolModel delta = new PoolModel();
    long completed = 0;
    long rejected = 0;
    long[] waits = {0, 0};
    for (int i = 0; i < COMPLETED.length; i++) {
      completed += COMPLETED[i];
      rejected += REJECTED[i];
      waits[0] += WAITS[i][0];
      waits[1] += WAITS[i][1];
      long time = T0 + (i + 1) * SECOND;
      feed(
          cumulative,
          pool("orders", "i-1", "orders-*")
              .at(time)
              .startedAt(T0)
              .tasks(completed, rejected)
              .queueWait(3, 0, -8, bucketsFrom(waits[0], waits[1])));
      feed(
          delta,
          pool("orders", "i-1", "orders-*")
              .delta()
              .at(time)
              .startedAt(time - SECOND)
              .tasks(COMPLETED[i], REJECTED[i])
              .queueWait(3, 0, -8, bucketsFrom(WAITS[i][0], WAITS[i][1])));

      if (i == 0) {
        continue; // a cumulative series' first point has no baseline for a rate
      }
      PoolSnapshot c = cumulative.snapshots().get(0);
      PoolSnapshot d = delta.snapshots().get(0);
      assertThat(c.completedRate().getAsDouble()).isCloseTo(COMPLETED[i], within(1e-9));
      assertThat(d.completedRate().getAsDouble()).isCloseTo(COMPLETED[i], within(1e-9));
      assertThat(d.rejectedRate()).isEqualTo(c.rejectedRate());
      assertThat(d.completed()).isEqualTo(c.completed());
      assertThat(d.rejected()).isEqualTo(c.rejected());
      assertThat(d.queueWait()).isEqualTo(c.queueWait());
    }
    PoolSnapshot last = delta.snapshots().get(0);
    assertThat(last.rejectedRate()).hasValue(0.0);
    assertThat(last.queueWait().samples()).isEqualTo(200);
    // Bucket -8 holds (2^-1, 2^-7/8], bucket 0 holds (1, 2^1/8].
    assertThat(last.queueWait().p50Seconds().getAsDouble()).isBetween(0.5, 0.546);
    assertThat(last.queueWait().p99Seconds().getAsDouble()).isBetween(1.0, 1.091);
  }

  @Test
  void aCumulativeRestartCountsFromTheNewStart() {
    PoolModel model = new PoolModel();
    feed(model, pool("a", "i", "p").at(T0 + 10 * SECOND).startedAt(T0).tasks(1000, 0));
    // The process restarted at T0 + 10 s: 40 tasks in the 2 s since.
    feed(model, pool("a", "i", "p").at(T0 + 12 * SECOND).startedAt(T0 + 10 * SECOND).tasks(40, 0));

    assertThat(model.snapshots().get(0).completedRate()).hasValue(20.0);
    assertThat(model.snapshots().get(0).completed()).hasValue(40);
  }

  @Test
  void aDeltaPointWithoutAStartTimeIsRatedOverTheTimeSinceThePreviousOne() {
    PoolModel model = new PoolModel();
    feed(model, pool("a", "i", "p").delta().startedAt(0).at(T0 + SECOND).tasks(10, 0));
    feed(model, pool("a", "i", "p").delta().startedAt(0).at(T0 + 3 * SECOND).tasks(10, 0));

    assertThat(model.snapshots().get(0).completedRate()).hasValue(5.0);
    assertThat(model.snapshots().get(0).completed()).hasValue(20);
  }

  private static long[] bucketsFrom(long low, long high) {
    long[] counts = new long[9];
    counts[0] = low;
    counts[8] = high;
    return counts;
  }

  private void feed(PoolModel model, PoolExport export) {
    PoolMetricsExtractor.Extraction extraction = extractor.extract(export.request());
    assertThat(extraction.rejectedPoints()).isZero();
    extraction.reports().forEach(model::record);
  }
}
