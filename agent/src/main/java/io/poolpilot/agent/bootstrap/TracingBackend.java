package io.poolpilot.agent.bootstrap;

/**
 * The OpenTelemetry side of the agent, as the bootstrap bridge sees it. Implemented in the agent's
 * own class loader (where the shaded SDK lives) and installed once the SDK has started; until then,
 * and after a failure, the hooks do nothing. Contexts, spans and scopes cross this boundary as
 * opaque objects.
 */
public interface TracingBackend {
  /** The context current on this thread, or null when there is none worth carrying. */
  Object currentContext();

  /** Makes {@code context} (from {@link #currentContext}) current; close the result to undo. */
  AutoCloseable attach(Object context);

  /**
   * Starts the server span and the request metrics of {@code request}; {@code worker} is the pool
   * worker running it, or null. Never returns null.
   */
  Object startServerSpan(ServerRequest request, WorkerTimings worker);

  /** Makes a started server span current on this thread; close the result to undo. */
  AutoCloseable makeCurrent(Object serverSpan);

  /**
   * A detached server span's request runs on a pool worker: the first such pool, and the queue wait
   * its task suffered there, become the span's pool attributes unless it already has them.
   */
  default void ranOnPool(Object serverSpan, WorkerTimings worker) {}

  /**
   * Ends the span and records {@code http.server.request.duration}. {@code status} is the HTTP
   * status sent, or -1 if none was; {@code error} is what the handler threw, or null.
   */
  void endServerSpan(Object serverSpan, ServerRequest request, int status, Throwable error);

  /**
   * Starts a span for an instrumented method: a child of the current span, or the request entry (a
   * SERVER span) when there is none. Returns the span and its scope as one opaque object.
   */
  Object startMethodSpan(String className, String methodName);

  /**
   * As {@link #startMethodSpan(String, String)}, named {@code spanName} unless that is null or
   * empty (an {@code @WithSpan} with a value).
   */
  default Object startMethodSpan(String className, String methodName, String spanName) {
    return startMethodSpan(className, methodName);
  }

  void endMethodSpan(Object methodSpan, Throwable error);

  /** {@code traceparent} of the current context for an outgoing request, or null. */
  String traceparent();

  /** {@code tracestate} of the current context for an outgoing request, or null. */
  String tracestate();
}
