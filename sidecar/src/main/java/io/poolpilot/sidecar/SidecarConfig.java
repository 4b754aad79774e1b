package io.poolpilot.sidecar;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The sidecar's settings, parsed once at start-up and then passed around as this typed value.
 *
 * <p>Sources, strongest first: command-line flags, {@code POOLPILOT_SIDECAR_*} environment
 * variables, the YAML file named by {@code --config} (or {@code POOLPILOT_SIDECAR_CONFIG}), then
 * the defaults. Loopback is the default address so that nothing is exposed by accident.
 *
 * @param bind the address both listeners bind to
 * @param otlpPort the agent-facing OTLP/HTTP port; 0 picks a free one
 * @param apiPort the API port; 0 picks a free one
 * @param console whether to print the pool table to stdout periodically
 * @param consoleInterval how often the console table is printed
 */
public record SidecarConfig(
    String bind, int otlpPort, int apiPort, boolean console, Duration consoleInterval) {

  public static final SidecarConfig DEFAULTS =
      new SidecarConfig("127.0.0.1", 4318, 8480, false, Duration.ofSeconds(5));

  public SidecarConfig {
    Objects.requireNonNull(bind, "bind");
    Objects.requireNonNull(consoleInterval, "consoleInterval");
    if (bind.isBlank()) {
      throw new IllegalArgumentException("bind is blank");
    }
    requirePort("otlpPort", otlpPort);
    requirePort("apiPort", apiPort);
    if (otlpPort != 0 && otlpPort == apiPort) {
      throw new IllegalArgumentException("otlpPort and apiPort are both " + otlpPort);
    }
    if (consoleInterval.isNegative() || consoleInterval.isZero()) {
      throw new IllegalArgumentException("consoleInterval " + consoleInterval + " is not positive");
    }
  }

  /**
   * Reads flags, environment and the config file.
   *
   * @throws SidecarConfigException naming the setting, its value, where it came from and what was
   *     expected, for the first bad or unknown setting
   */
  public static SidecarConfig load(List<String> args, Map<String, String> env) {
    return new SidecarConfigLoader(args, env).load();
  }

  private static void requirePort(String name, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(name + " " + port + " outside 0..65535");
    }
  }
}
