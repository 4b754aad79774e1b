package io.poolpilot.sidecar.ingest;

/**
 * The telemetry names the sidecar reads (metrics, resource and span attributes), as design.md's
 * "Telemetry names" fixes them and the agent emits them. A rename there must change here too, or
 * the sidecar stops seeing pools.
 */
public final class PoolMetricNames {

  public static final String PREFIX = "jvm.executor.";

  /** {@code {thread}}, split by {@link #THREAD_STATE} into active and idle threads. */
  public static final String THREAD_COUNT = "jvm.executor.thread.count";

  /** {@code {thread}}: the pool's core size. */
  public static final String THREAD_CORE = "jvm.executor.thread.core";

  /** {@code {thread}}: the pool's maximum size. */
  public static final String THREAD_LIMIT = "jvm.executor.thread.limit";

  /** {@code {task}}: tasks waiting in the queue. */
  public static final String QUEUE_SIZE = "jvm.executor.queue.size";

  /** {@code {task}}: the queue's bound; absent for an unbounded queue. */
  public static final String QUEUE_CAPACITY = "jvm.executor.queue.capacity";

  /** {@code s}: age of the oldest waiting task. */
  public static final String QUEUE_OLDEST_AGE = "jvm.executor.queue.oldest_age";

  /** {@code {task}}: cumulative count of finished tasks. */
  public static final String TASK_COMPLETED = "jvm.executor.task.completed";

  /** {@code {task}}: cumulative count of tasks the pool refused. */
  public static final String TASK_REJECTED = "jvm.executor.task.rejected";

  /** {@code s}: base-2 exponential histogram of the time from submit to start. */
  public static final String TASK_WAIT_DURATION = "jvm.executor.task.wait.duration";

  /** {@code s}: base-2 exponential histogram of the time from start to end. */
  public static final String TASK_DURATION = "jvm.executor.task.duration";

  /** Data point attribute: the pool's stable name. */
  public static final String EXECUTOR_NAME = "jvm.executor.name";

  /** Data point attribute of {@link #THREAD_COUNT}: {@code active} or {@code idle}. */
  public static final String THREAD_STATE = "jvm.executor.thread.state";

  /** Resource attribute: the service's name. */
  public static final String SERVICE_NAME = "service.name";

  /** Resource attribute: the process's unique id. */
  public static final String SERVICE_INSTANCE_ID = "service.instance.id";

  /** Resource attribute: the telemetry distribution, {@link #POOLPILOT_DISTRO} for the agent. */
  public static final String TELEMETRY_DISTRO_NAME = "telemetry.distro.name";

  /** The agent's {@link #TELEMETRY_DISTRO_NAME}. */
  public static final String POOLPILOT_DISTRO = "poolpilot";

  /** {@code 1}: recent process CPU use, 0 to 1 of the processors available to it. */
  public static final String CPU_UTILIZATION = "jvm.cpu.recent_utilization";

  /** {@code 1}: recent CPU use of the whole machine or container, 0 to 1. */
  public static final String SYSTEM_CPU_UTILIZATION = "jvm.system.cpu.utilization";

  /** {@code {cpu}}: {@code Runtime.availableProcessors()}. */
  public static final String CPU_COUNT = "jvm.cpu.count";

  /** {@code s}: cumulative time in garbage collection, one point per collector. */
  public static final String GC_TIME = "poolpilot.jvm.gc.time";

  /** {@code {period}}: cgroup CPU quota periods elapsed. */
  public static final String CONTAINER_CPU_PERIODS = "poolpilot.container.cpu.periods";

  /** {@code {period}}: quota periods in which the cgroup was throttled. */
  public static final String CONTAINER_CPU_THROTTLED_PERIODS =
      "poolpilot.container.cpu.throttled_periods";

  private PoolMetricNames() {}
}
