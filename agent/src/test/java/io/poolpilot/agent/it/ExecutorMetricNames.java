package io.poolpilot.agent.it;

import java.util.List;

/**
 * The thread-pool metric names of the contract in {@code docs/design.md}, spelled out here on
 * purpose rather than taken from the protocol module's {@code TelemetryNames} (which the agent and
 * the sidecar both use, so a rename there would change both sides silently): a renamed constant
 * fails these tests.
 */
final class ExecutorMetricNames {
  static final String THREAD_COUNT = "jvm.executor.thread.count";
  static final String THREAD_CORE = "jvm.executor.thread.core";
  static final String THREAD_LIMIT = "jvm.executor.thread.limit";
  static final String QUEUE_SIZE = "jvm.executor.queue.size";
  static final String QUEUE_CAPACITY = "jvm.executor.queue.capacity";
  static final String QUEUE_OLDEST_AGE = "jvm.executor.queue.oldest_age";
  static final String TASK_COMPLETED = "jvm.executor.task.completed";
  static final String TASK_REJECTED = "jvm.executor.task.rejected";
  static final String TASK_WAIT = "jvm.executor.task.wait.duration";
  static final String TASK_DURATION = "jvm.executor.task.duration";

  static final String THREAD_STATE = "jvm.executor.thread.state";

  static final List<String> ALL =
      List.of(
          THREAD_COUNT,
          THREAD_CORE,
          THREAD_LIMIT,
          QUEUE_SIZE,
          QUEUE_CAPACITY,
          QUEUE_OLDEST_AGE,
          TASK_COMPLETED,
          TASK_REJECTED,
          TASK_WAIT,
          TASK_DURATION);

  private ExecutorMetricNames() {}
}
