package io.poolpilot.tuning.telemetry;

/**
 * One pool's telemetry as of one export, as a {@link PoolReading} holds it, but kept in place: its
 * owner overwrites it on each export ({@link #set}, {@link #copyFrom}) instead of allocating a new
 * reading, so that state living one export interval is not promoted to the old generation (see
 * {@link HistogramTotal}). {@link #reading()} gives an immutable copy to hand to another thread.
 *
 * <p>The same checks as {@link PoolReading}: counts and gauges finite and not negative.
 *
 * <p>Not thread-safe: its owner guards it.
 */
public final class PoolTotals {

  private long timeUnixNano;
  private long completedStart;
  private double completed;
  private long rejectedStart;
  private double rejected;
  private long failedStart;
  private double failed;
  private final HistogramTotal queueWaits = new HistogramTotal();
  private final HistogramTotal runTimes = new HistogramTotal();
  private double busyThreads;
  private long queued;
  private double oldestWaitSeconds;

  /** Holds {@code reading}. */
  public PoolTotals set(PoolReading reading) {
    timeUnixNano = reading.timeUnixNano();
    completed(reading.completed().startUnixNano(), reading.completed().count());
    rejected(reading.rejected().startUnixNano(), reading.rejected().count());
    failed(reading.failed().startUnixNano(), reading.failed().count());
    queueWaits.set(reading.queueWaits());
    runTimes.set(reading.runTimes());
    busyThreads = reading.busyThreads();
    queued = reading.queued();
    oldestWaitSeconds = reading.oldestWaitSeconds();
    return this;
  }

  /** Holds the same as {@code other}. */
  public void copyFrom(PoolTotals other) {
    timeUnixNano = other.timeUnixNano;
    completedStart = other.completedStart;
    completed = other.completed;
    rejectedStart = other.rejectedStart;
    rejected = other.rejected;
    failedStart = other.failedStart;
    failed = other.failed;
    queueWaits.copyFrom(other.queueWaits);
    runTimes.copyFrom(other.runTimes);
    busyThreads = other.busyThreads;
    queued = other.queued;
    oldestWaitSeconds = other.oldestWaitSeconds;
  }

  /** Sets when the readings were taken. */
  public void time(long timeUnixNano) {
    this.timeUnixNano = timeUnixNano;
  }

  /** Sets the count of tasks that ended, as a {@link CumulativeCount}. */
  public void completed(long startUnixNano, double count) {
    requireNonNegative("completed", count);
    completedStart = startUnixNano;
    completed = count;
  }

  /** Sets the count of tasks refused, as a {@link CumulativeCount}. */
  public void rejected(long startUnixNano, double count) {
    requireNonNegative("rejected", count);
    rejectedStart = startUnixNano;
    rejected = count;
  }

  /** Sets the count of requests that failed on the pool's threads, as a {@link CumulativeCount}. */
  public void failed(long startUnixNano, double count) {
    requireNonNegative("failed", count);
    failedStart = startUnixNano;
    failed = count;
  }

  /** Sets the gauges: threads running a task, tasks waiting, age of the oldest waiting one. */
  public void gauges(double busyThreads, long queued, double oldestWaitSeconds) {
    requireNonNegative("busyThreads", busyThreads);
    requireNonNegative("queued", queued);
    requireNonNegative("oldestWaitSeconds", oldestWaitSeconds);
    this.busyThreads = busyThreads;
    this.queued = queued;
    this.oldestWaitSeconds = oldestWaitSeconds;
  }

  public long timeUnixNano() {
    return timeUnixNano;
  }

  public double completed() {
    return completed;
  }

  public double rejected() {
    return rejected;
  }

  /** Tasks that ended after {@code earlier}, as {@link CumulativeCount#since}. */
  public double completedSince(PoolTotals earlier) {
    return CumulativeCount.since(
        completedStart, completed, earlier.completedStart, earlier.completed);
  }

  /** Tasks refused after {@code earlier}, as {@link CumulativeCount#since}. */
  public double rejectedSince(PoolTotals earlier) {
    return CumulativeCount.since(rejectedStart, rejected, earlier.rejectedStart, earlier.rejected);
  }

  /** Requests that failed after {@code earlier}, as {@link CumulativeCount#since}. */
  public double failedSince(PoolTotals earlier) {
    return CumulativeCount.since(failedStart, failed, earlier.failedStart, earlier.failed);
  }

  /** The queue-wait total, to be written in place by the owner. */
  public HistogramTotal queueWaits() {
    return queueWaits;
  }

  /** The run-time total, to be written in place by the owner. */
  public HistogramTotal runTimes() {
    return runTimes;
  }

  public double busyThreads() {
    return busyThreads;
  }

  public long queued() {
    return queued;
  }

  public double oldestWaitSeconds() {
    return oldestWaitSeconds;
  }

  /** An immutable copy, which later changes to these totals do not touch. */
  public PoolReading reading() {
    return new PoolReading(
        timeUnixNano,
        new CumulativeCount(completedStart, completed),
        new CumulativeCount(rejectedStart, rejected),
        queueWaits.cumulative(),
        runTimes.cumulative(),
        busyThreads,
        queued,
        oldestWaitSeconds,
        new CumulativeCount(failedStart, failed));
  }

  private static void requireNonNegative(String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " " + value + ", expected a finite value >= 0");
    }
  }
}
