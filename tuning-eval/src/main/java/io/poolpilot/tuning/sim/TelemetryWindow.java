package io.poolpilot.tuning.sim;

import io.poolpilot.tuning.PoolObservation;

/**
 * What the agent would export about the pool over one control period, gathered as the simulation
 * runs: counters for arrivals, completions and rejections, histograms of the wait of the tasks that
 * started and of the run time of those that ended, and the process CPU over the period. Point
 * readings (busy threads, queue length, oldest wait) are taken when the period closes, as the
 * agent's gauges are.
 */
final class TelemetryWindow {

  private final TelemetryHistogram wait = new TelemetryHistogram();
  private final TelemetryHistogram execution = new TelemetryHistogram();
  private long arrivals;
  private long rejections;
  private long completions;
  private double executionSum;
  private double processorSecondsAtStart;

  void arrived() {
    arrivals++;
  }

  void rejected() {
    rejections++;
  }

  void started(double waitSeconds) {
    wait.record(waitSeconds);
  }

  void completed(double executionSeconds) {
    completions++;
    executionSum += executionSeconds;
    execution.record(executionSeconds);
  }

  /** The observation for the period now ending, and a fresh start for the next. */
  PoolObservation close(
      String pool,
      double period,
      int size,
      int busy,
      int queueLength,
      double oldestWait,
      double processorSecondsNow,
      int processors) {
    double cpu = (processorSecondsNow - processorSecondsAtStart) / (processors * period);
    PoolObservation observation =
        new PoolObservation(
            pool,
            period,
            arrivals / period,
            completions / period,
            wait.quantile(0.5),
            wait.quantile(0.99),
            completions == 0 ? 0 : executionSum / completions,
            execution.quantile(0.99),
            busy,
            size,
            size,
            queueLength,
            rejections / period,
            oldestWait,
            Math.max(0, Math.min(1, cpu)),
            processors,
            0,
            0);
    wait.clear();
    execution.clear();
    arrivals = 0;
    rejections = 0;
    completions = 0;
    executionSum = 0;
    processorSecondsAtStart = processorSecondsNow;
    return observation;
  }
}
