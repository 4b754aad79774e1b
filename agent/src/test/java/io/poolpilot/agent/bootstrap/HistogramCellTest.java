package io.poolpilot.agent.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.protocol.histogram.ExponentialBuckets;
import io.poolpilot.protocol.histogram.ExponentialHistogram;
import org.junit.jupiter.api.Test;

class HistogramCellTest {
  private static final long MS = 1_000_000L;

  private static HistogramSnapshot snapshotOf(HistogramCell... cells) {
    HistogramSnapshot snapshot = new HistogramSnapshot();
    for (HistogramCell cell : cells) {
      cell.addTo(snapshot);
    }
    return snapshot;
  }

  @Test
  void countsEachDurationInItsBucket() {
    HistogramCell cell = new HistogramCell();
    cell.record(50 * MS);
    cell.record(50 * MS);
    cell.record(450 * MS);

    ExponentialHistogram histogram = snapshotOf(cell).histogram();

    assertThat(histogram.count(ExponentialBuckets.indexOfNanos(50 * MS))).isEqualTo(2);
    assertThat(histogram.count(ExponentialBuckets.indexOfNanos(450 * MS))).isEqualTo(1);
    assertThat(histogram.totalCount()).isEqualTo(3);
    assertThat(histogram.zeroCount()).isZero();
    assertThat(histogram.scale()).isEqualTo(ExponentialBuckets.SCALE);
  }

  @Test
  void leavesEveryOtherBucketEmpty() {
    HistogramCell cell = new HistogramCell();
    cell.record(3 * MS);

    ExponentialHistogram histogram = snapshotOf(cell).histogram();

    assertThat(histogram.offset()).isEqualTo(ExponentialBuckets.indexOfNanos(3 * MS));
    assertThat(histogram.counts()).containsExactly(1);
  }

  @Test
  void theSmallestAndLargestDurationsLandInTheEndBucketsOfTheRange() {
    HistogramCell cell = new HistogramCell();
    cell.record(1);
    cell.record(Long.MAX_VALUE);

    ExponentialHistogram histogram = snapshotOf(cell).histogram();

    assertThat(histogram.count(ExponentialBuckets.MIN_INDEX)).isEqualTo(1);
    assertThat(histogram.count(ExponentialBuckets.MAX_INDEX)).isEqualTo(1);
    assertThat(histogram.bucketCount()).isEqualTo(ExponentialBuckets.BUCKET_COUNT);
  }

  @Test
  void countsZeroAndNegativeDurationsAsZerosOutsideTheBucketsAndTheSum() {
    HistogramCell cell = new HistogramCell();
    cell.record(0);
    cell.record(-5);
    cell.record(7 * MS);

    HistogramSnapshot snapshot = snapshotOf(cell);

    assertThat(snapshot.histogram().zeroCount()).isEqualTo(2);
    assertThat(snapshot.sumNanos()).isEqualTo(7 * MS);
    assertThat(snapshot.histogram().totalCount()).isEqualTo(3);
  }

  @Test
  void sumsTheRecordedNanoseconds() {
    HistogramCell cell = new HistogramCell();
    cell.record(1);
    cell.record(2 * MS);
    cell.record(3_000 * MS);

    assertThat(snapshotOf(cell).sumNanos()).isEqualTo(1 + 2 * MS + 3_000 * MS);
  }

  @Test
  void emptyCellAddsNothing() {
    HistogramSnapshot snapshot = snapshotOf(new HistogramCell());

    assertThat(snapshot.histogram())
        .isEqualTo(ExponentialHistogram.empty(ExponentialBuckets.SCALE));
    assertThat(snapshot.sumNanos()).isZero();
  }

  @Test
  void addToMergesCellsIntoWhatTheSnapshotAlreadyHolds() {
    HistogramCell first = new HistogramCell();
    first.record(10 * MS);
    first.record(0);
    HistogramCell second = new HistogramCell();
    second.record(10 * MS);
    second.record(900 * MS);

    HistogramSnapshot snapshot = snapshotOf(first, second);
    ExponentialHistogram histogram = snapshot.histogram();

    assertThat(histogram.count(ExponentialBuckets.indexOfNanos(10 * MS))).isEqualTo(2);
    assertThat(histogram.count(ExponentialBuckets.indexOfNanos(900 * MS))).isEqualTo(1);
    assertThat(histogram.zeroCount()).isEqualTo(1);
    assertThat(snapshot.sumNanos()).isEqualTo(920 * MS);
    assertThat(histogram.totalCount()).isEqualTo(4);
  }

  @Test
  void addToLeavesTheCellUnchanged() {
    HistogramCell cell = new HistogramCell();
    cell.record(10 * MS);

    snapshotOf(cell);

    assertThat(snapshotOf(cell).histogram().totalCount()).isEqualTo(1);
  }

  @Test
  void snapshotAddCombinesSnapshots() {
    HistogramCell a = new HistogramCell();
    a.record(1 * MS);
    a.record(0);
    HistogramCell b = new HistogramCell();
    b.record(1 * MS);
    b.record(2_000 * MS);
    HistogramSnapshot total = snapshotOf(a);

    total.add(snapshotOf(b));

    ExponentialHistogram histogram = total.histogram();
    assertThat(histogram.count(ExponentialBuckets.indexOfNanos(MS))).isEqualTo(2);
    assertThat(histogram.count(ExponentialBuckets.indexOfNanos(2_000 * MS))).isEqualTo(1);
    assertThat(histogram.zeroCount()).isEqualTo(1);
    assertThat(total.sumNanos()).isEqualTo(2_002 * MS);
    assertThat(histogram.totalCount()).isEqualTo(4);
  }

  @Test
  void keepsTheSmallestAndLargestDurationRecorded() {
    HistogramCell cell = new HistogramCell();
    cell.record(40 * MS);
    cell.record(3 * MS);
    cell.record(900 * MS);
    cell.record(40 * MS);

    HistogramSnapshot snapshot = snapshotOf(cell);

    assertThat(snapshot.hasMinMax()).isTrue();
    assertThat(snapshot.minNanos()).isEqualTo(3 * MS);
    assertThat(snapshot.maxNanos()).isEqualTo(900 * MS);
  }

  @Test
  void zeroAndNegativeDurationsCountAsAMinimumOfZero() {
    HistogramCell cell = new HistogramCell();
    cell.record(5 * MS);
    cell.record(-7);

    HistogramSnapshot snapshot = snapshotOf(cell);

    assertThat(snapshot.minNanos()).isZero();
    assertThat(snapshot.maxNanos()).isEqualTo(5 * MS);
  }

  @Test
  void onlyZeroDurationsHaveZeroAsBothExtremes() {
    HistogramCell cell = new HistogramCell();
    cell.record(0);
    cell.record(0);

    HistogramSnapshot snapshot = snapshotOf(cell);

    assertThat(snapshot.hasMinMax()).isTrue();
    assertThat(snapshot.minNanos()).isZero();
    assertThat(snapshot.maxNanos()).isZero();
  }

  @Test
  void anEmptyHistogramHasNoExtremes() {
    assertThat(snapshotOf(new HistogramCell(), new HistogramCell()).hasMinMax()).isFalse();
    assertThat(new HistogramSnapshot().hasMinMax()).isFalse();
  }

  @Test
  void mergingCellsKeepsTheExtremesOfAllOfThem() {
    HistogramCell small = new HistogramCell();
    small.record(2 * MS);
    small.record(20 * MS);
    HistogramCell large = new HistogramCell();
    large.record(10 * MS);
    large.record(5_000 * MS);
    HistogramCell empty = new HistogramCell();

    HistogramSnapshot snapshot = snapshotOf(large, empty, small);

    assertThat(snapshot.minNanos()).isEqualTo(2 * MS);
    assertThat(snapshot.maxNanos()).isEqualTo(5_000 * MS);
  }

  @Test
  void snapshotAddKeepsTheExtremesOfBothAndIgnoresAnEmptyOne() {
    HistogramCell a = new HistogramCell();
    a.record(7 * MS);
    HistogramCell b = new HistogramCell();
    b.record(1 * MS);
    b.record(3 * MS);
    HistogramSnapshot total = snapshotOf(a);

    total.add(snapshotOf(b));
    total.add(new HistogramSnapshot());

    assertThat(total.hasMinMax()).isTrue();
    assertThat(total.minNanos()).isEqualTo(1 * MS);
    assertThat(total.maxNanos()).isEqualTo(7 * MS);
  }

  @Test
  void extremesSeenWhileAWriterRecordsCoverEveryDurationCounted() throws InterruptedException {
    HistogramCell cell = new HistogramCell();
    int records = 200_000;
    // Durations only grow, so the largest counted lies in the highest non-empty bucket.
    Thread writer =
        new Thread(
            () -> {
              for (int i = 1; i <= records; i++) {
                cell.record(i * 1_000L);
              }
            });
    writer.start();
    while (writer.isAlive()) {
      HistogramSnapshot snapshot = snapshotOf(cell);
      ExponentialHistogram histogram = snapshot.histogram();
      assertThat(snapshot.hasMinMax()).isEqualTo(histogram.totalCount() > 0);
      if (snapshot.hasMinMax()) {
        int top = histogram.offset() + histogram.bucketCount() - 1;
        double topLowerBoundNanos = 1e9 * Math.pow(2, top / 8.0);
        assertThat(snapshot.minNanos()).isEqualTo(1_000L);
        assertThat((double) snapshot.maxNanos()).isGreaterThan(topLowerBoundNanos * (1 - 1e-9));
      }
    }
    writer.join();

    HistogramSnapshot done = snapshotOf(cell);
    assertThat(done.minNanos()).isEqualTo(1_000L);
    assertThat(done.maxNanos()).isEqualTo(records * 1_000L);
  }

  @Test
  void readerSeesEveryRecordOfAWriterThreadOnceItIsDone() throws InterruptedException {
    HistogramCell cell = new HistogramCell();
    int records = 200_000;
    Thread writer =
        new Thread(
            () -> {
              for (int i = 1; i <= records; i++) {
                cell.record(i % 1_000 == 0 ? 0 : i);
              }
            });
    writer.start();
    while (writer.isAlive()) {
      // Reading while the writer records never sees more than was recorded.
      assertThat(snapshotOf(cell).histogram().totalCount()).isLessThanOrEqualTo(records);
    }
    writer.join();

    ExponentialHistogram histogram = snapshotOf(cell).histogram();
    assertThat(histogram.totalCount()).isEqualTo(records);
    assertThat(histogram.zeroCount()).isEqualTo(records / 1_000);
  }
}
