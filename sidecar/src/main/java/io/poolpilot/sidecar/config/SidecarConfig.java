package io.poolpilot.sidecar.config;

import io.poolpilot.sidecar.auth.BearerToken;
import io.poolpilot.sidecar.auth.HostHeaderCheck;
import io.poolpilot.sidecar.capacity.CapacitySettings;
import io.poolpilot.sidecar.decision.TuningSettings;
import io.poolpilot.sidecar.forward.Upstream;
import io.poolpilot.sidecar.model.HistorySettings;
import io.poolpilot.sidecar.model.TraceSettings;
import io.poolpilot.sidecar.node.NodeSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

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
 * @param allowedHosts names a request's {@code Host} may carry besides {@code localhost}, IP
 *     addresses and {@code bind} ({@link HostHeaderCheck}); {@code *} allows any
 * @param console whether to print the pool table to stdout periodically
 * @param consoleInterval how often the console table is printed
 * @param dataDir where the journal (and, by default, the generated token) lives
 * @param token the configured token; when absent, one is read from or generated into {@code
 *     tokenFile}. Either way it is required on API writes and on every control message
 * @param tokenFile where the token is read from, or generated into when the file does not exist;
 *     absent means {@code sidecar-token} in {@code dataDir}
 * @param instanceExpiry how long a process may stay silent before it is forgotten
 * @param pollInterval how often agents are told to poll for their desired state
 * @param upstream where accepted OTLP is forwarded; empty forwards nothing
 * @param traces {@code traces.buffer} and {@code traces.per-second}: what the trace view keeps
 * @param history {@code history.full-resolution}: what each pool's history keeps
 * @param tuning {@code tuning.mode} and {@code tuning.include}
 * @param capacity the {@code capacity.*} settings: providers and scaling policy
 * @param node the {@code node.*} settings: each service's class, weight and objective
 */
public record SidecarConfig(
    String bind,
    int otlpPort,
    int apiPort,
    List<String> allowedHosts,
    boolean console,
    Duration consoleInterval,
    Path dataDir,
    Optional<BearerToken> token,
    Optional<Path> tokenFile,
    Duration instanceExpiry,
    Duration pollInterval,
    Optional<Upstream> upstream,
    TraceSettings traces,
    HistorySettings history,
    TuningSettings tuning,
    CapacitySettings capacity,
    NodeSettings node) {

  /** The generated token's file name in the data directory, unless {@code token.file} says. */
  public static final String TOKEN_FILE_NAME = "sidecar-token";

  public static final Duration MIN_POLL_INTERVAL = Duration.ofSeconds(1);
  public static final Duration MAX_POLL_INTERVAL = Duration.ofSeconds(60);

  public static final SidecarConfig DEFAULTS =
      new SidecarConfig(
          "127.0.0.1",
          4318,
          8480,
          List.of(),
          false,
          Duration.ofSeconds(5),
          Path.of("poolpilot-data"),
          Optional.empty(),
          Optional.empty(),
          Duration.ofMinutes(2),
          Duration.ofSeconds(1),
          Optional.empty(),
          TraceSettings.DEFAULTS,
          HistorySettings.DEFAULTS,
          TuningSettings.DEFAULTS,
          CapacitySettings.DEFAULTS,
          NodeSettings.DEFAULTS);

  public SidecarConfig {
    Objects.requireNonNull(bind, "bind");
    allowedHosts = List.copyOf(allowedHosts);
    allowedHosts.forEach(HostHeaderCheck::allowedName);
    Objects.requireNonNull(consoleInterval, "consoleInterval");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(tokenFile, "tokenFile");
    Objects.requireNonNull(instanceExpiry, "instanceExpiry");
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(upstream, "upstream");
    Objects.requireNonNull(traces, "traces");
    Objects.requireNonNull(history, "history");
    Objects.requireNonNull(tuning, "tuning");
    Objects.requireNonNull(capacity, "capacity");
    Objects.requireNonNull(node, "node");
    if (bind.isBlank()) {
      throw new IllegalArgumentException("bind is blank");
    }
    requirePort("otlpPort", otlpPort);
    requirePort("apiPort", apiPort);
    if (otlpPort != 0 && otlpPort == apiPort) {
      throw new IllegalArgumentException("otlpPort and apiPort are both " + otlpPort);
    }
    requirePositive("consoleInterval", consoleInterval);
    if (pollInterval.compareTo(MIN_POLL_INTERVAL) < 0
        || pollInterval.compareTo(MAX_POLL_INTERVAL) > 0) {
      throw new IllegalArgumentException(
          "pollInterval "
              + pollInterval
              + " outside "
              + SettingText.duration(MIN_POLL_INTERVAL)
              + ".."
              + SettingText.duration(MAX_POLL_INTERVAL));
    }
    if (instanceExpiry.compareTo(pollInterval) <= 0) {
      throw new IllegalArgumentException(
          "instanceExpiry " + instanceExpiry + " is not longer than pollInterval " + pollInterval);
    }
  }

  /**
   * Reads flags, environment and the config file.
   *
   * @throws SidecarConfigException naming the setting, its value, where it came from and what was
   *     expected, for the first bad or unknown setting
   */
  public static SidecarConfig load(List<String> args, Map<String, String> env) {
    return load(args, env, warning -> {});
  }

  /**
   * Like {@link #load(List, Map)}, telling {@code warnings} about settings that work but should be
   * given another way (a token as a flag shows in {@code ps}), and about capacity settings that
   * together do nothing (an exec command needing a replica count nothing gives).
   */
  public static SidecarConfig load(
      List<String> args, Map<String, String> env, Consumer<String> warnings) {
    return SidecarConfigLoader.load(args, env, warnings);
  }

  /** Which {@code Host} headers the listeners answer. */
  public HostHeaderCheck hostHeaderCheck() {
    return new HostHeaderCheck(bind, allowedHosts);
  }

  /** Where the generated token is read from or written to. */
  public Path effectiveTokenFile() {
    return tokenFile.orElse(dataDir.resolve(TOKEN_FILE_NAME));
  }

  public SidecarConfig withPorts(int otlpPort, int apiPort) {
    return copy(
        c -> {
          c.otlpPort = otlpPort;
          c.apiPort = apiPort;
        });
  }

  public SidecarConfig withDataDir(Path dataDir) {
    return copy(c -> c.dataDir = dataDir);
  }

  public SidecarConfig withToken(String token) {
    return copy(c -> c.token = Optional.of(new BearerToken(token)));
  }

  public SidecarConfig withUpstream(Upstream upstream) {
    return copy(c -> c.upstream = Optional.of(upstream));
  }

  public SidecarConfig withCapacity(CapacitySettings capacity) {
    return copy(c -> c.capacity = capacity);
  }

  public SidecarConfig withNode(NodeSettings node) {
    return copy(c -> c.node = node);
  }

  /** This configuration with some settings changed, validated again as a whole. */
  private SidecarConfig copy(Consumer<Copy> change) {
    Copy c = new Copy(this);
    change.accept(c);
    return c.build();
  }

  /** The settings as mutable fields, only for {@link #copy}. */
  private static final class Copy {
    String bind;
    int otlpPort;
    int apiPort;
    List<String> allowedHosts;
    boolean console;
    Duration consoleInterval;
    Path dataDir;
    Optional<BearerToken> token;
    Optional<Path> tokenFile;
    Duration instanceExpiry;
    Duration pollInterval;
    Optional<Upstream> upstream;
    TraceSettings traces;
    HistorySettings history;
    TuningSettings tuning;
    CapacitySettings capacity;
    NodeSettings node;

    Copy(SidecarConfig from) {
      bind = from.bind;
      otlpPort = from.otlpPort;
      apiPort = from.apiPort;
      allowedHosts = from.allowedHosts;
      console = from.console;
      consoleInterval = from.consoleInterval;
      dataDir = from.dataDir;
      token = from.token;
      tokenFile = from.tokenFile;
      instanceExpiry = from.instanceExpiry;
      pollInterval = from.pollInterval;
      upstream = from.upstream;
      traces = from.traces;
      history = from.history;
      tuning = from.tuning;
      capacity = from.capacity;
      node = from.node;
    }

    SidecarConfig build() {
      return new SidecarConfig(
          bind,
          otlpPort,
          apiPort,
          allowedHosts,
          console,
          consoleInterval,
          dataDir,
          token,
          tokenFile,
          instanceExpiry,
          pollInterval,
          upstream,
          traces,
          history,
          tuning,
          capacity,
          node);
    }
  }

  private static void requirePort(String name, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(name + " " + port + " outside 0..65535");
    }
  }

  private static void requirePositive(String name, Duration duration) {
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " " + duration + " is not positive");
    }
  }
}
