package io.poolpilot.sidecar;

import io.poolpilot.sidecar.auth.BearerToken;
import io.poolpilot.sidecar.capacity.CapacitySettings;
import io.poolpilot.sidecar.capacity.KubernetesTarget;
import io.poolpilot.sidecar.capacity.ScalingPolicy;
import io.poolpilot.sidecar.forward.HeaderList;
import io.poolpilot.sidecar.forward.Upstream;
import io.poolpilot.sidecar.tuning.TuningMode;
import io.poolpilot.sidecar.tuning.TuningSettings;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Collects raw setting values from the file, the environment and the flags, the later ones
 * overriding, then parses them into a {@link SidecarConfig}. Every value remembers where it came
 * from so that an error can say which flag, variable or file to fix. Unknown settings are errors,
 * not ignored: a mistyped name would otherwise silently leave the default in place.
 */
final class SidecarConfigLoader {

  private static final String CONFIG_FLAG = "--config";
  private static final String CONFIG_ENV = Setting.ENV_PREFIX + "CONFIG";
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)");
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB)?");

  /**
   * A setting's value as given; {@code items} holds a YAML list as it was (null otherwise), so that
   * arguments with spaces survive.
   */
  private record Raw(String value, String source, List<String> items) {
    Raw(String value, String source) {
      this(value, source, null);
    }
  }

  private final List<String> args;
  private final Map<String, String> env;
  private final Map<Setting, Raw> raw = new EnumMap<>(Setting.class);

  SidecarConfigLoader(List<String> args, Map<String, String> env) {
    this.args = List.copyOf(args);
    this.env = Map.copyOf(env);
  }

  SidecarConfig load() {
    String configFile = env.get(CONFIG_ENV);
    String configSource = "environment variable " + CONFIG_ENV;
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).equals(CONFIG_FLAG) || args.get(i).startsWith(CONFIG_FLAG + "=")) {
        configFile = flagValue(i);
        configSource = "flag " + CONFIG_FLAG;
      }
    }
    if (configFile != null) {
      readFile(configFile, configSource);
    }
    readEnvironment();
    readFlags();
    SidecarConfig defaults = SidecarConfig.DEFAULTS;
    String bind = parse(Setting.BIND, defaults.bind(), SidecarConfigLoader::host);
    int otlpPort = parse(Setting.OTLP_PORT, defaults.otlpPort(), SidecarConfigLoader::port);
    int apiPort = parse(Setting.API_PORT, defaults.apiPort(), SidecarConfigLoader::port);
    if (otlpPort != 0 && otlpPort == apiPort) {
      throw new SidecarConfigException(
          Setting.OTLP_PORT.key()
              + " and "
              + Setting.API_PORT.key()
              + " are both "
              + otlpPort
              + ": expected two different ports");
    }
    Duration pollInterval =
        parse(
            Setting.CONTROL_POLL_INTERVAL,
            defaults.pollInterval(),
            SidecarConfigLoader::pollInterval);
    Duration instanceExpiry =
        parse(Setting.INSTANCE_EXPIRY, defaults.instanceExpiry(), SidecarConfigLoader::duration);
    if (instanceExpiry.compareTo(pollInterval) <= 0) {
      throw new SidecarConfigException(
          Setting.INSTANCE_EXPIRY.key()
              + " "
              + raw.getOrDefault(Setting.INSTANCE_EXPIRY, new Raw("2m", "default")).value()
              + " is not longer than "
              + Setting.CONTROL_POLL_INTERVAL.key()
              + " "
              + raw.getOrDefault(Setting.CONTROL_POLL_INTERVAL, new Raw("1s", "default")).value()
              + ": expected an expiry of several poll intervals, so a live agent never expires");
    }
    return new SidecarConfig(
        bind,
        otlpPort,
        apiPort,
        parse(Setting.CONSOLE, defaults.console(), SidecarConfigLoader::bool),
        parse(Setting.CONSOLE_INTERVAL, defaults.consoleInterval(), SidecarConfigLoader::duration),
        parse(Setting.DATA_DIR, defaults.dataDir(), SidecarConfigLoader::path),
        parse(Setting.TOKEN, defaults.token(), value -> Optional.of(new BearerToken(value))),
        parse(Setting.TOKEN_FILE, defaults.tokenFile(), value -> Optional.of(path(value))),
        instanceExpiry,
        pollInterval,
        upstream(),
        new TuningSettings(
            parse(Setting.TUNING_MODE, defaults.tuning().mode(), SidecarConfigLoader::tuningMode),
            parse(
                Setting.TUNING_INCLUDE,
                defaults.tuning().include(),
                SidecarConfigLoader::poolNames)),
        capacity());
  }

  /** The {@code capacity.*} settings, checked against each other. */
  private CapacitySettings capacity() {
    CapacitySettings defaults = CapacitySettings.DEFAULTS;
    ScalingPolicy policy = defaults.policy();
    List<String> providers =
        parseList(
            Setting.CAPACITY_PROVIDERS,
            defaults.providers(),
            SidecarConfigLoader::providers,
            text -> List.of(text.split(",", -1)));
    OptionalInt replicas =
        parse(
            Setting.CAPACITY_REPLICAS,
            policy.currentReplicas(),
            value -> OptionalInt.of(positiveWhole(value)));
    int min =
        parse(
            Setting.CAPACITY_MIN_REPLICAS,
            policy.minReplicas(),
            SidecarConfigLoader::positiveWhole);
    int max =
        parse(
            Setting.CAPACITY_MAX_REPLICAS,
            Math.max(min, policy.maxReplicas()),
            SidecarConfigLoader::positiveWhole);
    if (max < min) {
      throw new SidecarConfigException(
          Setting.CAPACITY_MAX_REPLICAS.key()
              + " "
              + max
              + " is below "
              + Setting.CAPACITY_MIN_REPLICAS.key()
              + " "
              + min
              + ": expected "
              + Setting.CAPACITY_MAX_REPLICAS.expected());
    }
    ScalingPolicy scaling =
        new ScalingPolicy(
            policy.tolerance(),
            parse(
                Setting.CAPACITY_TARGET_UTILIZATION,
                policy.targetUtilization(),
                SidecarConfigLoader::fraction),
            min,
            max,
            parse(
                Setting.CAPACITY_SCALE_DOWN_WINDOW,
                policy.scaleDownWindow(),
                SidecarConfigLoader::duration),
            parse(
                Setting.CAPACITY_CHANGE_WINDOW,
                policy.changeWindow(),
                SidecarConfigLoader::duration),
            replicas);
    Optional<List<String>> command =
        parseList(
            Setting.CAPACITY_EXEC_COMMAND,
            Optional.empty(),
            SidecarConfigLoader::command,
            text -> List.of(text.trim().split("\\s+")));
    Duration execTimeout =
        parse(
            Setting.CAPACITY_EXEC_TIMEOUT,
            CapacitySettings.Exec.DEFAULT_TIMEOUT,
            SidecarConfigLoader::duration);
    Optional<URI> url =
        parse(
            Setting.CAPACITY_WEBHOOK_URL,
            Optional.empty(),
            value -> Optional.of(webhookUrl(value)));
    Optional<Path> secretFile =
        parse(
            Setting.CAPACITY_WEBHOOK_SECRET_FILE,
            Optional.empty(),
            value -> Optional.of(path(value)));
    Duration webhookTimeout =
        parse(
            Setting.CAPACITY_WEBHOOK_TIMEOUT,
            CapacitySettings.Webhook.DEFAULT_TIMEOUT,
            SidecarConfigLoader::duration);
    if (providers.contains("exec") && command.isEmpty()) {
      throw missing("exec", Setting.CAPACITY_EXEC_COMMAND);
    }
    if (providers.contains("webhook") && url.isEmpty()) {
      throw missing("webhook", Setting.CAPACITY_WEBHOOK_URL);
    }
    if (providers.contains("webhook") && secretFile.isEmpty()) {
      throw missing("webhook", Setting.CAPACITY_WEBHOOK_SECRET_FILE);
    }
    CapacitySettings.Kubernetes kubernetes =
        new CapacitySettings.Kubernetes(
            parse(
                Setting.CAPACITY_KUBERNETES_NAMESPACE, Optional.empty(), SidecarConfigLoader::name),
            parse(
                Setting.CAPACITY_KUBERNETES_KIND,
                CapacitySettings.Kubernetes.DEFAULTS.kind(),
                value ->
                    KubernetesTarget.Kind.parse(value)
                        .orElseThrow(() -> new IllegalArgumentException(value))),
            parse(Setting.CAPACITY_KUBERNETES_NAME, Optional.empty(), SidecarConfigLoader::name),
            parse(Setting.CAPACITY_KUBERNETES_LEASE, Optional.empty(), SidecarConfigLoader::name),
            parse(
                Setting.CAPACITY_KUBERNETES_IDENTITY,
                Optional.empty(),
                value -> Optional.of(host(value))),
            parse(
                Setting.CAPACITY_KUBERNETES_KUBECONFIG,
                Optional.empty(),
                value -> Optional.of(path(value))));
    return new CapacitySettings(
        providers,
        scaling,
        command.map(c -> new CapacitySettings.Exec(c, execTimeout)),
        url.map(u -> new CapacitySettings.Webhook(u, secretFile.get(), webhookTimeout)),
        kubernetes);
  }

  private SidecarConfigException missing(String provider, Setting setting) {
    Raw given = raw.get(Setting.CAPACITY_PROVIDERS);
    return new SidecarConfigException(
        Setting.CAPACITY_PROVIDERS.key()
            + " '"
            + given.value()
            + "' (from "
            + given.source()
            + ") names "
            + provider
            + " but "
            + setting.key()
            + " is not set: expected "
            + setting.expected());
  }

  private static List<String> providers(List<String> names) {
    List<String> providers = new ArrayList<>();
    for (String name : names) {
      String key = name.strip().toLowerCase(Locale.ROOT);
      if (!CapacitySettings.PROVIDERS.contains(key) || providers.contains(key)) {
        throw new IllegalArgumentException(name);
      }
      providers.add(key);
    }
    if (providers.isEmpty()) {
      throw new IllegalArgumentException("empty");
    }
    return providers;
  }

  private static Optional<List<String>> command(List<String> arguments) {
    if (arguments.isEmpty() || arguments.get(0).isBlank()) {
      throw new IllegalArgumentException("empty");
    }
    return Optional.of(List.copyOf(arguments));
  }

  private static int positiveWhole(String value) {
    int number = Integer.parseInt(value);
    if (number < 1) {
      throw new IllegalArgumentException(value);
    }
    return number;
  }

  private static double fraction(String value) {
    double number = Double.parseDouble(value);
    if (!(number > 0 && number <= 1)) {
      throw new IllegalArgumentException(value);
    }
    return number;
  }

  private static URI webhookUrl(String value) {
    try {
      URI uri = new URI(value);
      new CapacitySettings.Webhook(uri, Path.of("x"), Duration.ofSeconds(1));
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(value, e);
    }
  }

  private static Optional<String> name(String value) {
    if (!value.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?")) {
      throw new IllegalArgumentException(value);
    }
    return Optional.of(value);
  }

  /**
   * Like {@link #parse}, for a setting YAML may give as a list; a string (flag, variable, YAML
   * scalar) is split by {@code split}.
   */
  private <T> T parseList(
      Setting setting,
      T fallback,
      java.util.function.Function<List<String>, T> parser,
      java.util.function.Function<String, List<String>> split) {
    Raw value = raw.get(setting);
    if (value == null) {
      return fallback;
    }
    try {
      return parser.apply(
          value.items() != null ? value.items() : split.apply(value.value().trim()));
    } catch (RuntimeException e) {
      throw new SidecarConfigException(
          "invalid "
              + setting.key()
              + " '"
              + value.value()
              + "' (from "
              + value.source()
              + "): expected "
              + setting.expected());
    }
  }

  private static TuningMode tuningMode(String value) {
    return TuningMode.parse(value).orElseThrow(() -> new IllegalArgumentException(value));
  }

  private static Set<String> poolNames(String value) {
    Set<String> names = new TreeSet<>();
    for (String name : value.split(",", -1)) {
      if (!name.isBlank()) {
        names.add(name.strip());
      }
    }
    return names;
  }

  /** The upstream settings, which only mean something together with an endpoint. */
  private Optional<Upstream> upstream() {
    Optional<URI> endpoint =
        parse(Setting.UPSTREAM_ENDPOINT, Optional.empty(), value -> Optional.of(endpoint(value)));
    Map<String, String> headers = parse(Setting.UPSTREAM_HEADERS, Map.of(), HeaderList::parse);
    long buffer =
        parse(Setting.UPSTREAM_BUFFER, Upstream.DEFAULT_BUFFER_BYTES, SidecarConfigLoader::size);
    if (endpoint.isEmpty()) {
      for (Setting setting : List.of(Setting.UPSTREAM_HEADERS, Setting.UPSTREAM_BUFFER)) {
        if (raw.containsKey(setting)) {
          throw new SidecarConfigException(
              setting.key()
                  + " is set (from "
                  + raw.get(setting).source()
                  + ") but "
                  + Setting.UPSTREAM_ENDPOINT.key()
                  + " is not: expected "
                  + Setting.UPSTREAM_ENDPOINT.key()
                  + " too, or no upstream setting at all");
        }
      }
      return Optional.empty();
    }
    return Optional.of(new Upstream(endpoint.get(), headers, buffer));
  }

  private void readFile(String file, String source) {
    Object document;
    try (Reader reader = Files.newBufferedReader(Path.of(file))) {
      document = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
    } catch (IOException | InvalidPathException e) {
      throw new SidecarConfigException(
          "cannot read config file '" + file + "' (from " + source + "): " + e, e);
    } catch (YAMLException e) {
      throw new SidecarConfigException(
          "config file '" + file + "' is not valid YAML: " + e.getMessage(), e);
    }
    if (document == null) {
      return;
    }
    if (!(document instanceof Map<?, ?> map)) {
      throw new SidecarConfigException(
          "config file '"
              + file
              + "' holds a "
              + kind(document)
              + ", expected a mapping of settings");
    }
    flatten("", map, "config file '" + file + "'");
  }

  private void flatten(String prefix, Map<?, ?> map, String source) {
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      String key = prefix + entry.getKey();
      Object value = entry.getValue();
      if (key.equals(Setting.UPSTREAM_HEADERS.key()) && value instanceof Map<?, ?> headers) {
        raw.put(Setting.UPSTREAM_HEADERS, new Raw(HeaderList.format(headers), source));
        continue;
      }
      if (value instanceof Map<?, ?> nested) {
        flatten(key + ".", nested, source);
        continue;
      }
      Setting setting =
          Setting.byKey(key)
              .orElseThrow(
                  () ->
                      new SidecarConfigException(
                          "unknown setting '"
                              + key
                              + "' in "
                              + source
                              + "; known settings: "
                              + known()));
      if (value instanceof List<?> list
          && setting.acceptsList()
          && list.stream().allMatch(item -> item instanceof String || item instanceof Number)) {
        List<String> items = list.stream().map(String::valueOf).toList();
        raw.put(setting, new Raw(String.join(" ", items), source, items));
        continue;
      }
      if (value == null || value instanceof List || value instanceof byte[]) {
        throw new SidecarConfigException(
            setting.key()
                + " in "
                + source
                + " is "
                + (value == null ? "empty" : kind(value))
                + ": expected "
                + setting.expected());
      }
      raw.put(setting, new Raw(String.valueOf(value), source));
    }
  }

  private void readEnvironment() {
    env.forEach(
        (name, value) -> {
          if (!name.startsWith(Setting.ENV_PREFIX) || name.equals(CONFIG_ENV)) {
            return;
          }
          Setting setting =
              Setting.byEnvVar(name)
                  .orElseThrow(
                      () ->
                          new SidecarConfigException(
                              "unknown environment variable "
                                  + name
                                  + "; known: "
                                  + Arrays.stream(Setting.values())
                                      .map(Setting::envVar)
                                      .collect(Collectors.joining(", "))
                                  + ", "
                                  + CONFIG_ENV));
          raw.put(setting, new Raw(value, "environment variable " + name));
        });
  }

  private void readFlags() {
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      if (flag.equals(CONFIG_FLAG)) {
        i += arg.contains("=") ? 0 : 1;
        continue;
      }
      if (!flag.startsWith("--")) {
        throw new SidecarConfigException(
            "unexpected argument '" + arg + "': settings are given as --name value");
      }
      Setting setting =
          Setting.byFlag(flag)
              .orElseThrow(
                  () ->
                      new SidecarConfigException(
                          "unknown flag "
                              + flag
                              + "; known flags: "
                              + Arrays.stream(Setting.values())
                                  .map(Setting::flag)
                                  .collect(Collectors.joining(", "))
                              + ", "
                              + CONFIG_FLAG));
      String value;
      if (setting == Setting.CONSOLE && !arg.contains("=")) {
        value = "true";
      } else {
        value = flagValue(i);
        i += arg.contains("=") ? 0 : 1;
      }
      raw.put(setting, new Raw(value, "flag " + flag));
    }
  }

  private String flagValue(int i) {
    String arg = args.get(i);
    if (arg.contains("=")) {
      return arg.substring(arg.indexOf('=') + 1);
    }
    if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
      throw new SidecarConfigException("flag " + arg + " needs a value");
    }
    return args.get(i + 1);
  }

  private <T> T parse(Setting setting, T fallback, Parser<T> parser) {
    Raw value = raw.get(setting);
    if (value == null) {
      return fallback;
    }
    try {
      return parser.parse(value.value().trim());
    } catch (RuntimeException e) {
      throw new SidecarConfigException(
          "invalid "
              + setting.key()
              + " '"
              + (setting.secret() ? "(secret, not shown)" : value.value())
              + "' (from "
              + value.source()
              + "): expected "
              + setting.expected());
    }
  }

  private static String host(String value) {
    if (value.isEmpty() || value.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(value);
    }
    return value;
  }

  private static int port(String value) {
    int port = Integer.parseInt(value);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(value);
    }
    return port;
  }

  private static boolean bool(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(value);
    };
  }

  private static Duration duration(String value) {
    Matcher m = DURATION.matcher(value);
    if (!m.matches()) {
      throw new IllegalArgumentException(value);
    }
    long amount = Long.parseLong(m.group(1));
    Duration duration =
        switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          default -> Duration.ofMinutes(amount);
        };
    if (duration.isZero()) {
      throw new IllegalArgumentException(value);
    }
    return duration;
  }

  private static Path path(String value) {
    if (value.isEmpty()) {
      throw new IllegalArgumentException(value);
    }
    return Path.of(value);
  }

  private static Duration pollInterval(String value) {
    Duration interval = duration(value);
    if (interval.compareTo(SidecarConfig.MIN_POLL_INTERVAL) < 0
        || interval.compareTo(SidecarConfig.MAX_POLL_INTERVAL) > 0) {
      throw new IllegalArgumentException(value);
    }
    return interval;
  }

  private static URI endpoint(String value) {
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(value, e);
    }
    new Upstream(uri, Map.of(), Upstream.DEFAULT_BUFFER_BYTES);
    return uri;
  }

  private static long size(String value) {
    Matcher m = SIZE.matcher(value);
    if (!m.matches()) {
      throw new IllegalArgumentException(value);
    }
    long unit =
        switch (m.group(2) == null ? "B" : m.group(2)) {
          case "KiB" -> 1L << 10;
          case "MiB" -> 1L << 20;
          case "GiB" -> 1L << 30;
          default -> 1;
        };
    long bytes = Math.multiplyExact(Long.parseLong(m.group(1)), unit);
    if (bytes < Upstream.MIN_BUFFER_BYTES || bytes > Upstream.MAX_BUFFER_BYTES) {
      throw new IllegalArgumentException(value);
    }
    return bytes;
  }

  private static String known() {
    return Arrays.stream(Setting.values()).map(Setting::key).collect(Collectors.joining(", "));
  }

  private static String kind(Object value) {
    return value instanceof List ? "list" : value.getClass().getSimpleName();
  }

  @FunctionalInterface
  private interface Parser<T> {
    T parse(String value);
  }
}
