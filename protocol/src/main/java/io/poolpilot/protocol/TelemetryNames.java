package io.poolpilot.protocol;

/**
 * Every metric, attribute and value name that PoolPilot's agent emits and its sidecar reads, with
 * each metric's unit and description: the one vocabulary that {@code docs/telemetry.md} documents.
 * The agent records under these names and the sidecar looks them up under the same constants, so a
 * rename is one change here rather than a silent mismatch between two copies.
 *
 * <p>Pool metrics use the {@code jvm.executor.*} names proposed to the OpenTelemetry semantic
 * conventions; HTTP names are the stable HTTP semantic conventions (1.23 and later), plus the older
 * names that other OTLP senders may still use, which the sidecar also reads.
 */
public final class TelemetryNames {
  private TelemetryNames() {}

  /** A metric's name, unit (UCUM, as OpenTelemetry writes it) and description. */
  public record Metric(String name, String unit, String description) {}

  /** Prefix of every pool metric. */
  public static final String EXECUTOR_PREFIX = "jvm.executor.";

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
  public static final Metric CPU_COUNT =
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

  /**
   * Requests whose server span ran on the pool's threads and failed (a 5xx status or an exception),
   * per pool, counted for every request whether or not its span is sampled: what the tuner takes
   * away from completions to judge a request pool on its goodput. PoolPilot's own name: the
   * proposed executor conventions count tasks, not requests.
   */
  public static final Metric REQUEST_FAILED =
      new Metric(
          "poolpilot.executor.request.failed",
          "{request}",
          "Requests served on the pool's threads that failed: a 5xx status or an exception.");

  public static final Metric HTTP_SERVER_REQUEST_DURATION =
      new Metric("http.server.request.duration", "s", "Duration of HTTP server requests.");
  public static final Metric HTTP_SERVER_ACTIVE_REQUESTS =
      new Metric(
          "http.server.active_requests", "{request}", "Number of active HTTP server requests.");

  /** Data point and span attribute: the pool's stable name. */
  public static final String EXECUTOR_NAME = "jvm.executor.name";

  /**
   * Data point attribute: the fully qualified class of the pool's implementation, such as {@code
   * java.util.concurrent.ThreadPoolExecutor}, as the proposed conventions name it. Constant per
   * pool, so it adds no series.
   */
  public static final String EXECUTOR_TYPE = "jvm.executor.type";

  /**
   * Data point attribute: the framework that owns the pool, {@link #OWNER_TOMCAT}, {@link
   * #OWNER_JETTY} or {@link #OWNER_VERTX}; absent where the agent does not know one, as for the
   * application's own pools.
   */
  public static final String EXECUTOR_OWNER_NAME = "jvm.executor.owner.name";

  /** {@link #EXECUTOR_OWNER_NAME} of Tomcat's connector pools. */
  public static final String OWNER_TOMCAT = "tomcat";

  /** {@link #EXECUTOR_OWNER_NAME} of Jetty's {@code QueuedThreadPool}s. */
  public static final String OWNER_JETTY = "jetty";

  /** {@link #EXECUTOR_OWNER_NAME} of the pools Vert.x builds (its worker pool). */
  public static final String OWNER_VERTX = "vertx";

  /**
   * Data point attribute of {@link #THREAD_COUNT}: {@link #STATE_ACTIVE} or {@link #STATE_IDLE}.
   */
  public static final String THREAD_STATE = "jvm.executor.thread.state";

  /** {@link #THREAD_STATE} of threads running a task. */
  public static final String STATE_ACTIVE = "active";

  /** {@link #THREAD_STATE} of the pool's other threads. */
  public static final String STATE_IDLE = "idle";

  /** Span attribute: seconds the span's task waited in its pool's queue. */
  public static final String QUEUE_WAIT = "poolpilot.queue.wait";

  /** Resource attribute: the service's name. */
  public static final String SERVICE_NAME = "service.name";

  /** Resource attribute: one process's unique id, a random UUID per JVM start for the agent. */
  public static final String SERVICE_INSTANCE_ID = "service.instance.id";

  /** Resource attribute: the telemetry distribution, {@link #DISTRO} for the agent. */
  public static final String DISTRO_NAME = "telemetry.distro.name";

  public static final String DISTRO_VERSION = "telemetry.distro.version";

  /** The agent's {@link #DISTRO_NAME}. */
  public static final String DISTRO = "poolpilot";

  /** Instrumentation scope of everything the agent records. */
  public static final String SCOPE = "io.poolpilot.agent";

  /** HTTP semantic conventions the agent records on server spans and HTTP metrics. */
  public static final String HTTP_REQUEST_METHOD = "http.request.method";

  public static final String HTTP_REQUEST_METHOD_ORIGINAL = "http.request.method_original";

  /** The route template, such as {@code /orders/{id}}, where the framework knows one. */
  public static final String HTTP_ROUTE = "http.route";

  public static final String HTTP_RESPONSE_STATUS_CODE = "http.response.status_code";
  public static final String URL_PATH = "url.path";
  public static final String URL_SCHEME = "url.scheme";
  public static final String SERVER_ADDRESS = "server.address";
  public static final String SERVER_PORT = "server.port";
  public static final String CLIENT_ADDRESS = "client.address";
  public static final String USER_AGENT_ORIGINAL = "user_agent.original";
  public static final String ERROR_TYPE = "error.type";
  public static final String CODE_FUNCTION_NAME = "code.function.name";

  /** {@link #HTTP_REQUEST_METHOD} in the conventions before 1.23, still sent by older SDKs. */
  public static final String OLD_HTTP_METHOD = "http.method";

  /** {@link #HTTP_RESPONSE_STATUS_CODE} in the conventions before 1.23. */
  public static final String OLD_HTTP_STATUS_CODE = "http.status_code";
}
