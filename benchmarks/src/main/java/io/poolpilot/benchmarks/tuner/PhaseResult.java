package io.poolpilot.benchmarks.tuner;

/**
 * What one variant did in one phase of one run.
 *
 * @param sent requests sent in the phase
 * @param withinObjective 2xx answers within {@link TunerRealEvaluation#OBJECTIVE_MILLIS}
 * @param p99Millis p99 latency of the 2xx answers, from the scheduled send (NaN if none)
 * @param refused answers other than 2xx and requests that failed
 * @param reversals resizes opposite to the previous one, during the phase
 * @param threadsAtEnd the pool's (core) size when the phase ended
 */
record PhaseResult(
    String group,
    double seconds,
    long sent,
    long withinObjective,
    double p99Millis,
    long refused,
    int reversals,
    int threadsAtEnd) {

  /** Answers within the objective per second: the score. */
  double goodput() {
    return withinObjective / seconds;
  }
}
