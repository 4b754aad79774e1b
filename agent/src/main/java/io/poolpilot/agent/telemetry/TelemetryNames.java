package io.poolpilot.agent.telemetry;

/**
 * Every metric and attribute name the agent emits, with its unit and description: the one
 * vocabulary that {@code docs/telemetry.md} documents. Pool metrics use the {@code jvm.executor.*}
 * names proposed to the OpenTelemetry semantic conventions.
 */
public final class TelemetryNames {
  private TelemetryNames() {}

  /** A metric's name, unit and description. */
  public record Metric(String name, String unit, String description) {}

  public static final Metric THREAD_COUNT =
      new Metric("jvm.executor.thread.count", "{thread}", "Threads in the pool, by state.");
  public static final Metric THREAD_CORE =
      new Metric("jvm.executor.thread.core", "{thread}", "Core size of the pool.");
  public static final Metric THREAD_LIMIT =
      new Metric("jvm.executor.thread.limit", "{thread}", "Maximum size of the pool.");
  public static final Metric QUEUE_SIZE =
      new Metric("jvm.executor.queue.size", "{task}", "Tasks waiting in the pool's queue.");
  public static final Metric QUEUE_CAPACITY =
      new Metric(
          "jvm.executor.queue.capacity", "{task}", "Capacity of the pool's queue, where bounded.");
  public static final Metric QUEUE_OLDEST_AGE =
      new Metric(
          "jvm.executor.queue.oldest_age", "s", "How long the oldest waiting task has waited.");
  public static final Metric TASK_COMPLETED =
      new Metric("jvm.executor.task.completed", "{task}", "Tasks the pool has completed.");
  public static final Metric TASK_REJECTED =
      new Metric("jvm.executor.task.rejected", "{task}", "Tasks the pool has rejected.");
  public static final Metric TASK_WAIT =
      new Metric(
          "jvm.executor.task.wait.duration", "s", "Time from a task's submission to its start.");
  public static final Metric TASK_DURATION =
      new Metric("jvm.executor.task.duration", "s", "Time from a task's start to its end.");

  public static final Metric CPU_TIME =
      new Metric("jvm.cpu.time", "s", "CPU time used by the process, as the JVM reports it.");
  public static final Metric CPU_UTILIZATION =
      new Metric(
          "jvm.cpu.recent_utilization",
          "1",
          "Recent CPU utilization of the process, 0 to 1 of the processors available to it.");
  public static final Metric SYSTEM_CPU_UTILIZATION =
      new Metric(
          "jvm.system.cpu.utilization",
          "1",
          "Recent CPU utilization of the whole machine (or container), 0 to 1, as the JVM reports"
              + " it.");
  public static final Metric JVM_CPU_COUNT =
      new Metric("jvm.cpu.count", "{cpu}", "Processors available to the JVM.");
  public static final Metric GC_TIME =
      new Metric("poolpilot.jvm.gc.time", "s", "Time spent in garbage collection, by collector.");
  public static final Metric CONTAINER_CPU_LIMIT =
      new Metric(
          "poolpilot.container.cpu.limit",
          "{cpu}",
          "The cgroup's CPU quota divided by its period.");
  public static final Metric CONTAINER_CPU_PERIODS =
      new Metric(
          "poolpilot.container.cpu.periods", "{period}", "CPU quota periods that have elapsed.");
  public static final Metric CONTAINER_CPU_THROTTLED_PERIODS =
      new Metric(
          "poolpilot.container.cpu.throttled_periods",
          "{period}",
          "Quota periods in which the cgroup was throttled.");
  public static final Metric CONTAINER_CPU_THROTTLED_TIME =
      new Metric(
          "poolpilot.container.cpu.throttled_time",
          "s",
          "Time the cgroup's threads were held back by the CPU quota.");

  /** The pool's name. */
  public static final String EXECUTOR_NAME = "jvm.executor.name";

  /** {@code active} or {@code idle}, on {@link #THREAD_COUNT}. */
  public static final String THREAD_STATE = "jvm.executor.thread.state";

  /** Resource attribute: processors available to the JVM, container limits included. */
  public static final String CPU_COUNT = "poolpilot.jvm.cpu.count";

  /** Resource attributes naming the agent. */
  public static final String DISTRO_NAME = "telemetry.distro.name";

  public static final String DISTRO_VERSION = "telemetry.distro.version";

  /** Instrumentation scope of everything the agent records. */
  public static final String SCOPE = "io.poolpilot.agent";
}
