package io.poolpilot.tuning.sim;

/**
 * Implemented by a controller that learns from every task rather than from period aggregates (a
 * concurrency limiter, which the library feeds one sample per request); the simulator calls it as
 * each task ends.
 */
public interface TaskSampleListener {

  /**
   * @param startSeconds when the task started on a thread
   * @param executionSeconds how long it ran
   * @param runningAtStart tasks running, this one included, when it started
   */
  void onTaskEnd(double startSeconds, double executionSeconds, int runningAtStart);
}
