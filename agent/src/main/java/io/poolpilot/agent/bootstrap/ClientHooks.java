package io.poolpilot.agent.bootstrap;

/**
 * What advice on outgoing HTTP clients calls to carry the current trace to the next service: the
 * W3C headers of the current context, or null where there is no trace or tracing is off.
 */
public final class ClientHooks {
  /**
   * Keeps every header of a copied {@code java.net.http.HttpRequest}. The advice that copies a
   * request to add the trace headers needs a filter, and advice bodies cannot hold lambdas; this
   * class, on the bootstrap path, can. Typed with {@code java.util.function} only, since the boot
   * loader cannot see {@code java.net.http} (the platform loader defines it).
   */
  public static final java.util.function.BiPredicate<String, String> EVERY_HEADER =
      (name, value) -> true;

  private ClientHooks() {}

  /**
   * Adds the current context's trace headers to {@code connection} before it sends its request:
   * only when there is a trace, the request is not already under way, and the application did not
   * set a {@code traceparent} itself (its own context wins).
   */
  public static void beforeRequest(java.net.URLConnection connection) {
    try {
      String traceparent = traceparent();
      if (traceparent == null || connection.getRequestProperty("traceparent") != null) {
        return;
      }
      connection.setRequestProperty("traceparent", traceparent);
      String tracestate = tracestate();
      if (tracestate != null && connection.getRequestProperty("tracestate") == null) {
        connection.setRequestProperty("tracestate", tracestate);
      }
    } catch (IllegalStateException alreadyConnecting) {
      // A request already under way keeps the headers it has.
    } catch (Throwable t) {
      Tracing.fail(t);
    }
  }

  public static String traceparent() {
    TracingBackend b = Tracing.backend();
    if (b == null) {
      return null;
    }
    try {
      return b.traceparent();
    } catch (Throwable t) {
      Tracing.fail(t);
      return null;
    }
  }

  public static String tracestate() {
    TracingBackend b = Tracing.backend();
    if (b == null) {
      return null;
    }
    try {
      return b.tracestate();
    } catch (Throwable t) {
      Tracing.fail(t);
      return null;
    }
  }
}
