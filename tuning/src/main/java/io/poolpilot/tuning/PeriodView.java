package io.poolpilot.tuning;

/**
 * One observation read against the objective and the smoothed estimates: the facts the tuner's
 * rules test, computed once per period.
 */
final class PeriodView {

  /** CPU use at or above this share of the processors counts as saturated. */
  static final double CPU_SATURATED = 0.90;

  /** Throttled in at least this share of quota periods: the quota, not the work, sets the pace. */
  static final double THROTTLED = 0.10;

  /** GC at or above this share of the time: a GC storm, which looks like CPU saturation. */
  static final double GC_STORM = 0.15;

  /** A shrink needs the p99 below this share of the objective: the hysteresis band. */
  static final double COMFORT = 0.5;

  /** A backlog is planned to drain within this many seconds, on top of the arrivals. */
  static final double DRAIN_SECONDS = 5;

  /**
   * Completions above arrivals by this factor with no more tasks queued than threads: the period's
   * waits came from a backlog that is all but gone.
   */
  static final double DRAINING_SURPLUS = 1.1;

  /** The objective bounds the p99, so the queue model keeps P(wait > objective) at 1%. */
  static final double WAIT_TAIL = 0.01;

  final PoolObservation observation;
  final int size;
  final double objective;
  final boolean violated;
  final boolean comfortable;
  final boolean backlogged;
  final boolean draining;
  final boolean cpuSaturated;
  final boolean throttled;
  final boolean gcStorm;
  final double growthArrivals;
  final double growthExecution;
  final int growthTarget;
  final int steadyTarget;

  PeriodView(PoolObservation observation, WorkloadEstimate estimate, TunerConfig config) {
    this.observation = observation;
    this.size = Math.max(1, observation.coreSize());
    this.objective = config.objectiveSeconds();
    double wait = Math.max(observation.queueWaitP99Seconds(), observation.oldestWaitSeconds());
    this.violated = wait > objective || observation.rejectionsPerSecond() > 0;
    this.comfortable =
        wait <= COMFORT * objective
            && observation.rejectionsPerSecond() == 0
            && observation.queueLength() <= size;
    this.backlogged = observation.queueLength() > 0 && wait > objective;
    this.draining =
        observation.queueLength() <= size
            && observation.completionsPerSecond()
                > DRAINING_SURPLUS * observation.arrivalsPerSecond();
    this.throttled = observation.cpuThrottledFraction() >= THROTTLED;
    this.cpuSaturated = observation.cpuUtilization() >= CPU_SATURATED || throttled;
    this.gcStorm = observation.gcTimeFraction() >= GC_STORM;
    double drain = backlogged ? observation.queueLength() / DRAIN_SECONDS : 0;
    this.growthArrivals = Math.max(observation.arrivalsPerSecond(), estimate.arrivals()) + drain;
    this.growthExecution =
        Math.max(
            observation.hasCompletions() ? observation.executionMeanSeconds() : 0,
            estimate.execution());
    int cap = config.maxSize();
    this.growthTarget = ErlangC.sizeFor(growthArrivals, growthExecution, objective, WAIT_TAIL, cap);
    this.steadyTarget =
        ErlangC.sizeFor(estimate.arrivals(), estimate.execution(), objective, WAIT_TAIL, cap);
  }

  /** Little's law: the threads the arrivals keep busy, at the execution time they take. */
  double busyDemand() {
    return growthArrivals * growthExecution;
  }

  /** This period's mean execution time, 0 when too few tasks ended to trust it. */
  double executionIfTimed() {
    return WorkloadEstimate.enoughTasks(observation) ? observation.executionMeanSeconds() : 0;
  }

  double waitP99() {
    return observation.queueWaitP99Seconds();
  }
}
