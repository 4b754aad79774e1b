package io.poolpilot.agent.bootstrap;

/**
 * What advice on a method named in the {@code handlers} key, or annotated {@code @WithSpan}, calls:
 * {@link #enter} on entry and {@link #exit} with its result on exit, whatever the method threw.
 */
public final class MethodSpanHooks {
  private MethodSpanHooks() {}

  /** Starts the method's span and makes it current; null while tracing is off. */
  public static Object enter(String className, String methodName) {
    return enter(className, methodName, null);
  }

  /**
   * As {@link #enter(String, String)}, with the span named {@code spanName} unless that is null or
   * empty; {@code @WithSpan("name")} passes its value here.
   */
  public static Object enter(String className, String methodName, String spanName) {
    TracingBackend b = Tracing.backend();
    if (b == null) {
      return null;
    }
    try {
      return b.startMethodSpan(className, methodName, spanName);
    } catch (Throwable t) {
      Tracing.fail(t);
      return null;
    }
  }

  public static void exit(Object span, Throwable error) {
    if (span == null) {
      return;
    }
    TracingBackend b = Tracing.backend();
    if (b == null) {
      return;
    }
    try {
      b.endMethodSpan(span, error);
    } catch (Throwable t) {
      Tracing.fail(t);
    }
  }
}
