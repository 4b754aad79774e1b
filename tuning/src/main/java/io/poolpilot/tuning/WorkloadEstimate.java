package io.poolpilot.tuning;

/**
 * Smoothed rates and times of one pool, how noisy its execution time is, and whether its work
 * changed character.
 *
 * <p>Each figure is an exponentially weighted mean with weight {@value #WEIGHT} on the newest
 * period: after three periods of a new level the estimate has covered 7/8 of the step, which keeps
 * a shrink from following one quiet second yet lets it follow a real step within the convergence
 * budget. Growth reads {@code max(newest, smoothed)} instead, so that a step up is answered at
 * once.
 *
 * <p>The execution-time noise is the relative change of the mean execution time from one period to
 * the next, smoothed with weight {@value #NOISE_WEIGHT} (about the last five periods: a noise
 * level, not a reaction to one period); a change the tuner attributes to its own resizing must
 * stand out of it. The completions' noise is measured the same way, from one period's completions
 * to the next at an unchanged size, so that a change's effect on throughput is judged against how
 * much throughput moves by itself: on a crowded machine that is far more than on a quiet one.
 *
 * <p>"Completions" here are the goodput, tasks that ended without failing ({@link
 * PoolObservation#goodputPerSecond()}; all that ended where failures are not counted): a growth is
 * judged on the work it got done, and requests failed fast (shed past their deadline, refused by a
 * downstream), which raise the count of ended tasks, are no such work. The failures are kept beside
 * it, so that a change that only raised them can be told apart.
 *
 * <p>The work changed character when the CPU time per task moves by more than a factor {@value
 * #CHANGE_FACTOR} from its smoothed value in two periods running (an I/O-bound phase became
 * CPU-bound, or back). CPU per task does not grow with queueing or contention, unlike execution
 * time, so it tells a new workload from an overloaded one. It is only read when the process uses at
 * least {@value #MIN_CPU_FOR_SIGNATURE} of its processors and {@value #MIN_TASKS} tasks ended:
 * below that, the ratio of two small numbers is noise.
 */
final class WorkloadEstimate {

  static final double WEIGHT = 0.5;
  static final double NOISE_WEIGHT = 0.2;
  static final double CHANGE_FACTOR = 2.0;
  static final double MIN_CPU_FOR_SIGNATURE = 0.10;
  static final double MIN_TASKS = 5;

  /**
   * Until this many period-to-period changes have measured the noise, it is taken as {@value
   * #UNMEASURED_NOISE}: a change is only called an effect beyond the noise once there is a measured
   * noise to be beyond. (Judged against a noise of zero two periods in, the first growth of a
   * heavy-tailed pool, 8 → 9 threads, was rolled back for +39% execution time, and the pool sat at
   * 8 with a full queue.)
   */
  static final int MIN_NOISE_SAMPLES = 5;

  static final double UNMEASURED_NOISE = 0.5;

  private boolean started;
  private double arrivals;
  private double execution;
  private double lastExecution;
  private double executionNoise;
  private double completionsNoise;
  private int executionNoiseSamples;
  private int completionsNoiseSamples;
  private double cpuPerTask;
  private int unlikeCpuPeriods;
  private double lastCompletions;
  private double previousCompletions;
  private double lastFailures;
  private double previousFailures;
  private double lastCpu;
  private double previousCpu;
  private int lastSize;
  private int previousSize;
  private double lastArrivals;

  /** Folds in one period; true when the work changed character with it. */
  boolean update(PoolObservation observation) {
    previousCompletions = lastCompletions;
    lastCompletions = observation.goodputPerSecond();
    previousFailures = lastFailures;
    lastFailures = Math.min(observation.failuresPerSecond(), observation.completionsPerSecond());
    previousCpu = lastCpu;
    lastCpu = observation.cpuUtilization();
    previousSize = lastSize;
    lastSize = observation.coreSize();
    lastArrivals = observation.arrivalsPerSecond();
    if (!started) {
      started = true;
      arrivals = observation.arrivalsPerSecond();
      execution = observation.executionMeanSeconds();
      lastExecution = execution;
      cpuPerTask = observation.cpuSecondsPerTask();
      return false;
    }
    arrivals = smooth(arrivals, observation.arrivalsPerSecond(), WEIGHT);
    if (!enoughTasks(observation)) {
      return false;
    }
    if (lastSize == previousSize && previousCompletions > 0) {
      double change = Math.abs(lastCompletions - previousCompletions) / previousCompletions;
      completionsNoise = smooth(completionsNoise, Math.min(1, change), NOISE_WEIGHT);
      completionsNoiseSamples++;
    }
    double newest = observation.executionMeanSeconds();
    if (lastExecution > 0) {
      double change = Math.abs(newest - lastExecution) / lastExecution;
      executionNoise = smooth(executionNoise, Math.min(1, change), NOISE_WEIGHT);
      executionNoiseSamples++;
    }
    lastExecution = newest;
    execution = execution == 0 ? newest : smooth(execution, newest, WEIGHT);
    return foldCpu(observation);
  }

  private boolean foldCpu(PoolObservation observation) {
    if (observation.cpuUtilization() < MIN_CPU_FOR_SIGNATURE) {
      return false;
    }
    double cpu = observation.cpuSecondsPerTask();
    if (cpuPerTask <= 0) {
      cpuPerTask = cpu;
      return false;
    }
    double ratio = cpu / cpuPerTask;
    if (ratio > CHANGE_FACTOR || ratio < 1 / CHANGE_FACTOR) {
      unlikeCpuPeriods++;
      if (unlikeCpuPeriods >= 2) {
        unlikeCpuPeriods = 0;
        cpuPerTask = cpu;
        return true;
      }
      return false;
    }
    unlikeCpuPeriods = 0;
    cpuPerTask = smooth(cpuPerTask, cpu, WEIGHT);
    return false;
  }

  /** Whether enough tasks ended in the period for its execution mean to mean something. */
  static boolean enoughTasks(PoolObservation observation) {
    return observation.completionsPerSecond() * observation.periodSeconds() >= MIN_TASKS;
  }

  private static double smooth(double old, double newest, double weight) {
    return old + weight * (newest - old);
  }

  double arrivals() {
    return arrivals;
  }

  double execution() {
    return execution;
  }

  /**
   * Typical relative change of the execution mean from one period to the next; {@value
   * #UNMEASURED_NOISE} until {@value #MIN_NOISE_SAMPLES} changes have measured it.
   */
  double executionNoise() {
    return executionNoiseSamples >= MIN_NOISE_SAMPLES ? executionNoise : UNMEASURED_NOISE;
  }

  /**
   * Typical relative change of completions from one period to the next at an unchanged size: what
   * throughput does by itself; {@value #UNMEASURED_NOISE} until {@value #MIN_NOISE_SAMPLES} changes
   * have measured it.
   */
  double completionsNoise() {
    return completionsNoiseSamples >= MIN_NOISE_SAMPLES ? completionsNoise : UNMEASURED_NOISE;
  }

  double cpuPerTask() {
    return cpuPerTask;
  }

  /**
   * Mean completions of the last two periods if the pool had one size in both, else of the last: a
   * steadier throughput figure than one period, and one that belongs to the current size.
   */
  double recentCompletions() {
    return lastSize == previousSize ? (lastCompletions + previousCompletions) / 2 : lastCompletions;
  }

  /** Failed tasks per second over the same periods as {@link #recentCompletions()}. */
  double recentFailures() {
    return lastSize == previousSize ? (lastFailures + previousFailures) / 2 : lastFailures;
  }

  /** Failed tasks per second of the last period alone. */
  double latestFailures() {
    return lastFailures;
  }

  /** Arrivals of the last period alone, unsmoothed. */
  double latestArrivals() {
    return lastArrivals;
  }

  /** Completions of the last period alone. */
  double latestCompletions() {
    return lastCompletions;
  }

  /** Process CPU use of the last period alone. */
  double latestCpu() {
    return lastCpu;
  }

  /** Process CPU use over the same periods as {@link #recentCompletions()}. */
  double recentCpu() {
    return lastSize == previousSize ? (lastCpu + previousCpu) / 2 : lastCpu;
  }
}
