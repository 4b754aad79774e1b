package io.poolpilot.agent.it;

import io.poolpilot.protocol.TelemetryNames;
import java.util.List;

/**
 * The thread-pool metric names the ITs look for, as the protocol module defines them; the
 * protocol's own test holds those names to {@code docs/telemetry.md}, so the ITs check that the
 * agent emits what is documented.
 */
final class ExecutorMetricNames {
  static final String THREAD_COUNT = TelemetryNames.THREAD_COUNT.name();
  static final String THREAD_CORE = TelemetryNames.THREAD_CORE.name();
  static final String THREAD_LIMIT = TelemetryNames.THREAD_LIMIT.name();
  static final String QUEUE_SIZE = TelemetryNames.QUEUE_SIZE.name();
  static final String QUEUE_CAPACITY = TelemetryNames.QUEUE_CAPACITY.name();
  static final String QUEUE_OLDEST_AGE = TelemetryNames.QUEUE_OLDEST_AGE.name();
  static final String TASK_COMPLETED = TelemetryNames.TASK_COMPLETED.name();
  static final String TASK_REJECTED = TelemetryNames.TASK_REJECTED.name();
  static final String TASK_WAIT = TelemetryNames.TASK_WAIT.name();
  static final String TASK_DURATION = TelemetryNames.TASK_DURATION.name();

  static final String THREAD_STATE = TelemetryNames.THREAD_STATE;

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
