package io.poolpilot.tuning.telemetry;

import java.util.Objects;

/**
 * One pool's telemetry as of one export, in the form the agent exports it: cumulative counts and
 * histograms, and the gauges' point readings. A reading the export did not carry is empty ({@link
 * CumulativeCount#NONE}, {@link CumulativeHistogram#NONE}, 0).
 *
 * @param timeUnixNano when the readings were taken (the export's data point time)
 * @param completed tasks that ended ({@code jvm.executor.task.completed})
 * @param rejected tasks the pool refused ({@code jvm.executor.task.rejected})
 * @param queueWaits submit-to-start times of the tasks that started ({@code
 *     jvm.executor.task.wait.duration})
 * @param runTimes start-to-end times of the tasks that ended ({@code jvm.executor.task.duration})
 * @param busyThreads threads running a task ({@code jvm.executor.thread.count}, state {@code
 *     active})
 * @param queued tasks waiting ({@code jvm.executor.queue.size})
 * @param oldestWaitSeconds age of the oldest waiting task ({@code jvm.executor.queue.oldest_age})
 * @param failed requests served on the pool's threads that failed, with a 5xx status or an
 *     exception ({@code poolpilot.executor.request.failed}); {@link CumulativeCount#NONE} where the
 *     exporter does not count them, so that the pool is judged on completions alone
 */
public record PoolReading(
    long timeUnixNano,
    CumulativeCount completed,
    CumulativeCount rejected,
    CumulativeHistogram queueWaits,
    CumulativeHistogram runTimes,
    double busyThreads,
    long queued,
    double oldestWaitSeconds,
    CumulativeCount failed) {

  public PoolReading {
    Objects.requireNonNull(failed, "failed");
    Objects.requireNonNull(completed, "completed");
    Objects.requireNonNull(rejected, "rejected");
    Objects.requireNonNull(queueWaits, "queueWaits");
    Objects.requireNonNull(runTimes, "runTimes");
    requireNonNegative("busyThreads", busyThreads);
    requireNonNegative("queued", queued);
    requireNonNegative("oldestWaitSeconds", oldestWaitSeconds);
  }

  private static void requireNonNegative(String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " " + value + ", expected a finite value >= 0");
    }
  }
}
