package io.poolpilot.agent.config;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * How the agent's telemetry leaves the JVM, where the standard OpenTelemetry settings change it
 * ({@link OtelEnvironment}). Everything else about the export (the endpoint, the period) lives in
 * {@link AgentConfig} itself, because PoolPilot has keys of its own for it.
 *
 * @param enabled false where {@code OTEL_SDK_DISABLED=true}: no metric and no span leaves the JVM,
 *     and the SDK is not even started; the control channel still runs
 * @param spans false where {@code OTEL_TRACES_EXPORTER=none}
 * @param tracesUrl the full URL spans are posted to ({@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}),
 *     or null for {@code /v1/traces} under the endpoint
 * @param metrics extra headers and compression of the metric exports
 * @param traces extra headers and compression of the span exports
 */
public record ExportSettings(
    boolean enabled, boolean spans, URI tracesUrl, Signal metrics, Signal traces) {

  /** What the agent does when no {@code OTEL_*} setting says otherwise. */
  public static final ExportSettings DEFAULT =
      new ExportSettings(true, true, null, Signal.PLAIN, Signal.PLAIN);

  public ExportSettings {
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(traces, "traces");
  }

  /**
   * One signal's extra request headers and its compression.
   *
   * @param headers sent with every export of the signal; PoolPilot's own credentials are sent after
   *     them, so they never replace those
   * @param gzip whether the body is gzip-compressed
   */
  public record Signal(Map<String, String> headers, boolean gzip) {
    public static final Signal PLAIN = new Signal(Map.of(), false);

    public Signal {
      headers = Map.copyOf(headers);
    }

    /** The compression name the OpenTelemetry exporter builders take. */
    public String compression() {
      return gzip ? "gzip" : "none";
    }

    /**
     * Header names only: headers carry API keys and tokens, and a record's default would print them
     * into whatever log or exception message the configuration ends up in.
     */
    @Override
    public String toString() {
      return "Signal[headers=" + new java.util.TreeSet<>(headers.keySet()) + ", gzip=" + gzip + "]";
    }
  }
}
