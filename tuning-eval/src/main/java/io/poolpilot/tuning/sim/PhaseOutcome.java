package io.poolpilot.tuning.sim;

/**
 * What became of the tasks that arrived during one phase.
 *
 * @param good completed within both the queue-wait and the latency objective
 */
public record PhaseOutcome(
    String name, double seconds, long arrived, long completed, long good, long rejected) {

  /**
   * Tasks per second completed within the objectives: rejected and late tasks count for nothing.
   */
  public double goodput() {
    return good / seconds;
  }
}
