package io.poolpilot.agent.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The agent's configuration, read once at start-up (see {@link AgentConfigLoader}) and never
 * changed afterwards.
 *
 * @param enabled the kill switch; {@code false} installs nothing
 * @param serviceName {@code service.name} of every span and metric
 * @param endpoint the sidecar's OTLP/HTTP base URI; control comes from there too
 * @param token bearer token sent to the sidecar, or null
 * @param mode whether sizes from the sidecar are applied
 * @param exportInterval metric export period
 * @param controlExpiry how long the sidecar may be unreachable before pools get their own sizes
 *     back
 * @param handlers extra handler methods, {@code com.acme.Orders#place} or {@code
 *     com.acme.Billing#*}
 * @param resizeBounds the thread counts a resize may never leave
 * @param resourceAttributes extra resource attributes from {@code OTEL_RESOURCE_ATTRIBUTES}
 * @param export what the standard {@code OTEL_*} settings change about the export
 */
public record AgentConfig(
    boolean enabled,
    String serviceName,
    URI endpoint,
    String token,
    Mode mode,
    Duration exportInterval,
    Duration controlExpiry,
    List<String> handlers,
    ResizeBounds resizeBounds,
    Map<String, String> resourceAttributes,
    ExportSettings export) {

  /** Whether the agent applies pool sizes or only reports. */
  public enum Mode {
    TUNE,
    OBSERVE
  }

  /**
   * @param min fewest threads a resize may leave a pool with (at least 1)
   * @param max most threads a resize may give a pool
   */
  public record ResizeBounds(int min, int max) {
    public ResizeBounds {
      if (min < 1 || max < min) {
        throw new IllegalArgumentException(
            "resize bounds need 1 <= min <= max, got min=" + min + " max=" + max);
      }
    }

    public int clamp(int threads) {
      return Math.max(min, Math.min(max, threads));
    }
  }

  public AgentConfig {
    Objects.requireNonNull(serviceName, "serviceName");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(exportInterval, "exportInterval");
    Objects.requireNonNull(controlExpiry, "controlExpiry");
    Objects.requireNonNull(resizeBounds, "resizeBounds");
    handlers = List.copyOf(handlers);
    resourceAttributes = Map.copyOf(resourceAttributes);
    Objects.requireNonNull(export, "export");
  }

  /**
   * Every setting but the token, of which only whether one is set, and the export headers, of which
   * only the names: a record's default would print the secrets into whatever log or exception
   * message the configuration ends up in.
   */
  @Override
  public String toString() {
    return "AgentConfig[enabled="
        + enabled
        + ", serviceName="
        + serviceName
        + ", endpoint="
        + endpoint
        + ", token="
        + (token == null ? "none" : "set")
        + ", mode="
        + mode
        + ", exportInterval="
        + exportInterval
        + ", controlExpiry="
        + controlExpiry
        + ", handlers="
        + handlers
        + ", resizeBounds="
        + resizeBounds
        + ", resourceAttributes="
        + resourceAttributes
        + ", export="
        + export
        + "]";
  }

  /** {@code endpoint} + {@code path}, for the OTLP signals and the control protocol. */
  public URI endpointPath(String path) {
    String base = endpoint.toString();
    if (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return URI.create(base + path);
  }
}
