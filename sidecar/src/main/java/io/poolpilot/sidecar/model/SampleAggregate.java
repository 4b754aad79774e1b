package io.poolpilot.sidecar.model;

import java.util.Arrays;

/**
 * The running aggregate of the samples of one history bucket, field by field, chosen for what a
 * reader of older history needs:
 *
 * <ul>
 *   <li>{@code core}, {@code max}: the last value. They are settings, not measurements: a mean of 4
 *       and 8 would be a size the pool never had, and the last one is what the bucket handed on, so
 *       a resize shows as a step at the bucket it happened in.
 *   <li>{@code active}, {@code queued}, {@code utilization}, {@code cpuUtilization}: the mean. They
 *       are levels sampled once an export; their mean is the bucket's typical load, which is what a
 *       chart of older history is for.
 *   <li>{@code queueWaitP50}, {@code queueWaitP99}: the maximum. A mean of quantiles is no quantile
 *       of anything, and the maximum is conservative: a spike of queue wait, what the tuner exists
 *       to prevent, never disappears into an average when its history is compacted.
 *   <li>{@code completedRate}, {@code rejectedRate}: the mean. With exports at a steady interval
 *       the mean of per-interval rates is the bucket's tasks divided by its time, so rates keep
 *       their meaning, and a rejection anywhere in the bucket still shows as a rate above zero.
 * </ul>
 *
 * <p>{@code NaN} (not reported) is left out of every aggregate, so a field is {@code NaN} only when
 * no sample of the bucket had it; a mean counts only the samples that had the field.
 *
 * <p>Not thread-safe; allocated once per history and reused bucket after bucket.
 */
final class SampleAggregate {

  private final double[] sums = new double[SampleColumns.FIELDS];
  private final int[] counts = new int[SampleColumns.FIELDS];
  private final double[] latestOrMax = new double[SampleColumns.FIELDS];
  private int exports;

  /** Starts a new bucket. */
  void reset() {
    Arrays.fill(sums, 0);
    Arrays.fill(counts, 0);
    Arrays.fill(latestOrMax, Double.NaN);
    exports = 0;
  }

  /** Takes in one sample's row, which may itself stand for {@code sampleExports} exports. */
  void add(double[] row, int sampleExports) {
    exports += sampleExports;
    for (int field = 0; field < SampleColumns.FIELDS; field++) {
      double value = row[field];
      if (Double.isNaN(value)) {
        continue;
      }
      switch (field) {
        case SampleColumns.CORE, SampleColumns.MAX -> latestOrMax[field] = value;
        case SampleColumns.WAIT_P50, SampleColumns.WAIT_P99 ->
            latestOrMax[field] =
                Double.isNaN(latestOrMax[field]) ? value : Math.max(latestOrMax[field], value);
        default -> {
          sums[field] += value;
          counts[field]++;
        }
      }
    }
  }

  /** How many exports the bucket holds so far. */
  int exports() {
    return exports;
  }

  /** The bucket's aggregate so far, into {@code row}. */
  void toRow(double[] row) {
    for (int field = 0; field < SampleColumns.FIELDS; field++) {
      row[field] =
          switch (field) {
            case SampleColumns.CORE,
                SampleColumns.MAX,
                SampleColumns.WAIT_P50,
                SampleColumns.WAIT_P99 ->
                latestOrMax[field];
            default -> counts[field] == 0 ? Double.NaN : sums[field] / counts[field];
          };
    }
  }
}
