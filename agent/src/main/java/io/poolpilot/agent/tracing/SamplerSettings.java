package io.poolpilot.agent.tracing;

import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.Locale;
import java.util.function.Function;

/**
 * The sampler named by {@code OTEL_TRACES_SAMPLER} and {@code OTEL_TRACES_SAMPLER_ARG} (or the
 * system properties {@code otel.traces.sampler} and {@code otel.traces.sampler.arg}), with the
 * values and default the OpenTelemetry SDK configuration specification gives. Only spans are
 * sampled: request metrics are recorded for every request.
 */
public final class SamplerSettings {
  static final String SAMPLER = "OTEL_TRACES_SAMPLER";
  static final String SAMPLER_ARG = "OTEL_TRACES_SAMPLER_ARG";

  private SamplerSettings() {}

  /**
   * Reads the sampler from {@code env} (environment variable names; system properties first).
   *
   * @throws IllegalArgumentException naming the setting, its value and what is allowed
   */
  public static Sampler from(Function<String, String> env) {
    String name = setting(env, SAMPLER);
    String arg = setting(env, SAMPLER_ARG);
    if (name == null) {
      return Sampler.parentBased(Sampler.alwaysOn());
    }
    switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "always_on":
        return Sampler.alwaysOn();
      case "always_off":
        return Sampler.alwaysOff();
      case "traceidratio":
        return Sampler.traceIdRatioBased(ratio(arg));
      case "parentbased_always_on":
        return Sampler.parentBased(Sampler.alwaysOn());
      case "parentbased_always_off":
        return Sampler.parentBased(Sampler.alwaysOff());
      case "parentbased_traceidratio":
        return Sampler.parentBased(Sampler.traceIdRatioBased(ratio(arg)));
      default:
        throw new IllegalArgumentException(
            SAMPLER
                + "="
                + name
                + " is not a sampler this agent knows; use always_on, always_off, traceidratio,"
                + " parentbased_always_on, parentbased_always_off or parentbased_traceidratio");
    }
  }

  private static double ratio(String arg) {
    if (arg == null) {
      return 1.0;
    }
    try {
      double ratio = Double.parseDouble(arg.trim());
      if (ratio >= 0 && ratio <= 1) {
        return ratio;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        SAMPLER_ARG + "=" + arg + " is not a sampling ratio; use a number from 0 to 1");
  }

  private static String setting(Function<String, String> env, String name) {
    String property = System.getProperty(name.toLowerCase(Locale.ROOT).replace('_', '.'));
    String value = property != null ? property : env.apply(name);
    return value == null || value.isBlank() ? null : value;
  }
}
