package io.poolpilot.agent.bootstrap;

/**
 * What advice on outgoing HTTP clients calls to carry the current trace to the next service: the
 * W3C headers of the current context, or null where there is no trace or tracing is off.
 */
public final class ClientHooks {
  private ClientHooks() {}

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
