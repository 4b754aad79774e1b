package io.poolpilot.tuning.telemetry;

import io.poolpilot.protocol.histogram.ExponentialHistogram;
import io.poolpilot.tuning.PoolObservation;
import java.util.Optional;

/**
 * Turns two readings of a pool's cumulative telemetry, one control period apart, into the tuner's
 * {@link PoolObservation} of that period. The agent exports less than the observation asks for; the
 * rest is derived here, the same way for the sidecar and for the simulator:
 *
 * <ul>
 *   <li>period: the time between the two readings' data points;
 *   <li>arrivals per second: {@code (completed + rejected + Δqueued + Δbusy) / period}, where the
 *       changes of the queue's length and of the busy threads are signed (end minus start): every
 *       task that arrived in the period either ended, was refused, or is still waiting or running
 *       at its end, and every task that was waiting or running at its start and ended in it was
 *       counted as an arrival of an earlier period. This conservation is exact when counters and
 *       gauges are read together, as the agent reads them; a negative result (gauges read a moment
 *       apart from the counters by another exporter) counts as 0. Counting only a growing queue, as
 *       an earlier version did, counted a draining backlog twice (once as it queued, again as it
 *       completed), so a pool working off its queue looked busier than it was;
 *   <li>queue wait p50 and p99: quantiles of the waits recorded in the period;
 *   <li>execution mean and p99: of the run times recorded in the period; where none ended, or the
 *       exporter sends no run times, Little's law stands in for them: {@code busy / completion
 *       rate}, its p99 taken equal to that mean (0 when nothing completed either);
 *   <li>busy threads, queue length and oldest wait: the gauges of the later reading;
 *   <li>core and maximum size: given by the caller (the sidecar takes them from the agent's control
 *       report, which is current, not from the exported gauges); the maximum is at least 1 and the
 *       core within [0, max];
 *   <li>CPU, processors, throttling and GC time: {@link ProcessFigures} of the same period;
 *   <li>failures per second: the requests counted as failed in the period, over its length (0 where
 *       the agent exports no such count), so that the tuner can judge the pool on its goodput.
 * </ul>
 *
 * Every derived number is finite and not negative: a value that is not (from an exporter's garbage)
 * counts as 0.
 */
public final class ObservationConverter {

  private ObservationConverter() {}

  /**
   * The observation of {@code pool} from {@code earlier} to {@code later}; empty unless {@code
   * later} was taken after {@code earlier}.
   */
  public static Optional<PoolObservation> observe(
      String pool,
      PoolReading earlier,
      PoolReading later,
      int coreSize,
      int maxSize,
      ProcessFigures process) {
    return observe(
        pool,
        new PoolTotals().set(earlier),
        new PoolTotals().set(later),
        coreSize,
        maxSize,
        process);
  }

  /**
   * The observation between two totals kept in place, as {@link #observe(String, PoolReading,
   * PoolReading, int, int, ProcessFigures)}.
   */
  public static Optional<PoolObservation> observe(
      String pool,
      PoolTotals earlier,
      PoolTotals later,
      int coreSize,
      int maxSize,
      ProcessFigures process) {
    return TelemetryInterval.between(earlier, later)
        .map(interval -> observe(pool, interval, earlier, later, coreSize, maxSize, process));
  }

  private static PoolObservation observe(
      String pool,
      TelemetryInterval interval,
      PoolTotals earlier,
      PoolTotals later,
      int coreSize,
      int maxSize,
      ProcessFigures process) {
    double period = interval.seconds();
    double completions = finite(interval.completedPerSecond());
    double rejections = finite(interval.rejectedPerSecond());
    double busy = finite(later.busyThreads());
    double inSystemChange =
        (later.queued() - earlier.queued()) + (busy - finite(earlier.busyThreads()));
    double arrivals = finite(completions + rejections + inSystemChange / period);
    ExponentialHistogram runs = interval.runTimes();
    boolean measured = runs.totalCount() > 0;
    double execution = measured ? runs.mean().orElse(0) : completions > 0 ? busy / completions : 0;
    double executionP99 = measured ? runs.quantile(0.99).orElse(execution) : execution;
    ExponentialHistogram waits = interval.queueWaits();
    int max = Math.max(1, maxSize);
    int core = Math.min(Math.max(0, coreSize), max);
    return new PoolObservation(
        pool,
        period,
        arrivals,
        completions,
        finite(waits.quantile(0.50).orElse(0)),
        finite(waits.quantile(0.99).orElse(0)),
        finite(execution),
        finite(Math.max(execution, executionP99)),
        busy,
        core,
        max,
        (int) Math.min(Integer.MAX_VALUE, later.queued()),
        rejections,
        finite(later.oldestWaitSeconds()),
        process.cpuUtilization(),
        process.processors(),
        process.throttledFraction(),
        process.gcTimeFraction(),
        finite(interval.failedPerSecond()));
  }

  private static double finite(double value) {
    return Double.isFinite(value) && value > 0 ? value : 0;
  }
}
