package io.poolpilot.agent.bootstrap;

/**
 * Holds the installed {@link TracingBackend}. A failure anywhere in tracing turns all of it off for
 * good, says so once on stderr, and leaves the application running as if the agent had no tracing.
 */
public final class Tracing {
  private static volatile TracingBackend backend;
  private static volatile boolean failed;

  private Tracing() {}

  /** Turns tracing on; ignored after a failure. */
  public static void install(TracingBackend tracing) {
    if (!failed) {
      backend = tracing;
    }
  }

  /** The backend, or null while tracing is off. */
  public static TracingBackend backend() {
    return backend;
  }

  /** Turns tracing off for the rest of the JVM's life. */
  public static void disable(String why) {
    if (!failed) {
      failed = true;
      backend = null;
      System.err.println("[poolpilot] tracing is off: " + why);
    }
  }

  /** For tests: forgets the backend and any failure. */
  static void reset() {
    backend = null;
    failed = false;
  }

  static void fail(Throwable t) {
    disable(t.toString());
  }

  /** The current context, for a task about to be queued; null when tracing is off. */
  static Object captureContext() {
    TracingBackend b = backend;
    if (b == null) {
      return null;
    }
    try {
      return b.currentContext();
    } catch (Throwable t) {
      fail(t);
      return null;
    }
  }

  /** Makes a captured context current; null when there is nothing to undo. */
  static AutoCloseable attach(Object context) {
    TracingBackend b = backend;
    if (b == null || context == null) {
      return null;
    }
    try {
      return b.attach(context);
    } catch (Throwable t) {
      fail(t);
      return null;
    }
  }

  static void close(AutoCloseable scope) {
    if (scope == null) {
      return;
    }
    try {
      scope.close();
    } catch (Throwable t) {
      fail(t);
    }
  }
}
