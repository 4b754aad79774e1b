package io.poolpilot.sidecar.model;

import java.time.Instant;

/**
 * A fixed-capacity ring of pool samples stored as primitive columns: one {@code int} time in millis
 * from the ring's base, one {@code int} count of the exports a row stands for, and {@link #FIELDS}
 * {@code float} values in one row-major array. A row costs {@code 4 + 4 + 10 × 4 = 48} bytes and
 * the arrays are allocated once, so a ring's memory is fixed by its capacity, where a ring of
 * {@link PoolSample} objects costs about 130 bytes a sample (record and {@code Instant} headers)
 * and leaves one object per sample for the collector to trace. Floats, not doubles: history is for
 * charts and for the page, where seven significant digits are more than shown, and a sidecar per
 * node keeps it for thousands of pools, so doubles would nearly double its heap per instance. A
 * sample reads back as the shortest decimal of its float (0.2 as 0.2); the tuner never reads
 * history.
 *
 * <p>Times as {@code int} offsets, not {@code long} epoch millis: at ten thousand pools of 211 rows
 * the difference is 8 MB of live heap. An offset reaches 24 days either side of the base; a time
 * past that moves the base to it ({@link #rebase}), and a row then more than 24 days older than the
 * newest reads back as 24 days older. The owner's window is far shorter (CompactHistory: 15
 * minutes), and it drops such rows before anyone reads them.
 *
 * <p>Not thread-safe: its owner locks around it.
 */
final class SampleColumns {

  /** The values of a sample, in {@link PoolSample}'s order after {@code at}. */
  static final int FIELDS = 10;

  static final int CORE = 0;
  static final int MAX = 1;
  static final int ACTIVE = 2;
  static final int QUEUED = 3;
  static final int WAIT_P50 = 4;
  static final int WAIT_P99 = 5;
  static final int COMPLETED_RATE = 6;
  static final int REJECTED_RATE = 7;
  static final int UTILIZATION = 8;
  static final int CPU = 9;

  private final int[] atOffsets;
  private final int[] exports;
  private long baseMillis;
  private final float[] values;
  private int head;
  private int size;

  SampleColumns(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity " + capacity + " is below 1");
    }
    atOffsets = new int[capacity];
    exports = new int[capacity];
    values = new float[capacity * FIELDS];
  }

  int capacity() {
    return atOffsets.length;
  }

  int size() {
    return size;
  }

  boolean isFull() {
    return size == atOffsets.length;
  }

  /** Appends a row; the ring must not be full (the owner decides what leaves first). */
  void add(long at, int exportCount, double[] row) {
    if (isFull()) {
      throw new IllegalStateException("ring of " + capacity() + " is full");
    }
    size++;
    replaceNewest(at, exportCount, row);
  }

  /** Overwrites the newest row: an aggregate that took in one more sample. */
  void replaceNewest(long at, int exportCount, double[] row) {
    int slot = slot(size - 1);
    atOffsets[slot] = offset(at);
    exports[slot] = exportCount;
    int base = slot * FIELDS;
    for (int f = 0; f < FIELDS; f++) {
      values[base + f] = (float) row[f];
    }
  }

  void dropOldest() {
    head = (head + 1) % atOffsets.length;
    size--;
  }

  /** The time of row {@code i}, 0 being the oldest. */
  long atMillis(int i) {
    return baseMillis + atOffsets[slot(i)];
  }

  /** How many exports row {@code i} stands for. */
  int exports(int i) {
    return exports[slot(i)];
  }

  /** Copies row {@code i}'s values into {@code row}. */
  void copyRow(int i, double[] row) {
    int base = slot(i) * FIELDS;
    for (int f = 0; f < FIELDS; f++) {
      row[f] = values[base + f];
    }
  }

  /** Row {@code i} as a sample: the only place a sample becomes an object again. */
  PoolSample sample(int i) {
    int slot = slot(i);
    int base = slot * FIELDS;
    return new PoolSample(
        Instant.ofEpochMilli(baseMillis + atOffsets[slot]),
        decimal(values[base + CORE]),
        decimal(values[base + MAX]),
        decimal(values[base + ACTIVE]),
        decimal(values[base + QUEUED]),
        decimal(values[base + WAIT_P50]),
        decimal(values[base + WAIT_P99]),
        decimal(values[base + COMPLETED_RATE]),
        decimal(values[base + REJECTED_RATE]),
        decimal(values[base + UTILIZATION]),
        decimal(values[base + CPU]),
        exports[slot]);
  }

  /** The ring's heap size: its arrays with their 16-byte headers, and the object itself. */
  long estimatedBytes() {
    int arrayHeader = 16;
    return 40
        + arrayHeader
        + 4L * atOffsets.length
        + arrayHeader
        + 4L * exports.length
        + arrayHeader
        + 4L * values.length;
  }

  /**
   * The float as the shortest decimal that reads back as it, so a stored 0.2 comes out as 0.2 and
   * not as 0.20000000298023224: what the API shows is what was recorded, to a float's precision.
   */
  private static double decimal(float value) {
    return Double.parseDouble(Float.toString(value));
  }

  /** {@code sample}'s values as a row, into {@code row}. */
  static void toRow(PoolSample sample, double[] row) {
    row[CORE] = sample.core();
    row[MAX] = sample.max();
    row[ACTIVE] = sample.active();
    row[QUEUED] = sample.queued();
    row[WAIT_P50] = sample.queueWaitP50Seconds();
    row[WAIT_P99] = sample.queueWaitP99Seconds();
    row[COMPLETED_RATE] = sample.completedRate();
    row[REJECTED_RATE] = sample.rejectedRate();
    row[UTILIZATION] = sample.utilization();
    row[CPU] = sample.cpuUtilization();
  }

  private int slot(int i) {
    return (head + i) % atOffsets.length;
  }

  /** {@code at} as an offset from the base, moving the base to {@code at} if it is too far. */
  private int offset(long at) {
    long offset = at - baseMillis;
    if (offset != (int) offset) {
      rebase(at);
      offset = 0;
    }
    return (int) offset;
  }

  /**
   * Moves the base to {@code at}, keeping each row's time as far as an offset reaches: one more
   * than 24 days from {@code at} is clamped (see the class javadoc).
   */
  private void rebase(long at) {
    for (int i = 0; i < size; i++) {
      int slot = slot(i);
      long offset = baseMillis + atOffsets[slot] - at;
      atOffsets[slot] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, offset));
    }
    baseMillis = at;
  }
}
