package io.poolpilot.agent.instrumentation.http.annotation;

/**
 * The name of OpenTelemetry's {@code @WithSpan}, built at run time. The shade plugin relocates
 * every string constant that looks like an {@code io.opentelemetry} name to the agent's shaded
 * copy; a constant here would end up naming {@code io.poolpilot.agent.shaded.opentelemetry...},
 * which no application uses. A joined string is no constant, so relocation cannot reach it.
 */
public final class WithSpanNames {
  private WithSpanNames() {}

  /** {@code io.opentelemetry.instrumentation.annotations.WithSpan}. */
  public static String className() {
    return String.join(".", parts());
  }

  /** {@code Lio/opentelemetry/instrumentation/annotations/WithSpan;}, as in a class file. */
  public static String descriptor() {
    return "L" + String.join("/", parts()) + ";";
  }

  private static String[] parts() {
    return new String[] {"io", "opentelemetry", "instrumentation", "annotations", "WithSpan"};
  }
}
