package io.poolpilot.sidecar.config;

import io.poolpilot.sidecar.capacity.CapacitySettings;
import io.poolpilot.sidecar.capacity.KubernetesTarget;
import io.poolpilot.sidecar.capacity.ScalingPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Loads the {@code capacity.*} settings: the providers, the scaling policy and each provider's own
 * settings. A provider named without the settings it cannot work without is an error at start, not
 * a failed scaling call hours later.
 */
final class CapacitySettingsLoader {

  private final RawSettings raw;

  CapacitySettingsLoader(RawSettings raw) {
    this.raw = raw;
  }

  CapacitySettings load() {
    List<String> providers =
        raw.parseList(
            Setting.CAPACITY_PROVIDERS,
            CapacitySettings.DEFAULTS.providers(),
            CapacitySettingsLoader::providers,
            ValueParsers::commaSeparated);
    ScalingPolicy policy = policy();
    Optional<List<String>> command =
        raw.parseList(
            Setting.CAPACITY_EXEC_COMMAND,
            Optional.empty(),
            CapacitySettingsLoader::command,
            ValueParsers::whitespaceSeparated);
    Duration execTimeout =
        raw.parse(
            Setting.CAPACITY_EXEC_TIMEOUT,
            CapacitySettings.Exec.DEFAULT_TIMEOUT,
            ValueParsers::duration);
    Optional<URI> url =
        raw.parseOptional(Setting.CAPACITY_WEBHOOK_URL, CapacitySettingsLoader::webhookUrl);
    Optional<Path> secretFile =
        raw.parseOptional(Setting.CAPACITY_WEBHOOK_SECRET_FILE, ValueParsers::path);
    Duration webhookTimeout =
        raw.parse(
            Setting.CAPACITY_WEBHOOK_TIMEOUT,
            CapacitySettings.Webhook.DEFAULT_TIMEOUT,
            ValueParsers::duration);
    if (providers.contains("exec") && command.isEmpty()) {
      throw missing("exec", Setting.CAPACITY_EXEC_COMMAND);
    }
    if (providers.contains("webhook") && url.isEmpty()) {
      throw missing("webhook", Setting.CAPACITY_WEBHOOK_URL);
    }
    if (providers.contains("webhook") && secretFile.isEmpty()) {
      throw missing("webhook", Setting.CAPACITY_WEBHOOK_SECRET_FILE);
    }
    CapacitySettings.Kubernetes kubernetes = kubernetes();
    return new CapacitySettings(
        providers,
        policy,
        command.map(c -> new CapacitySettings.Exec(c, execTimeout)),
        // A URL without a secret file is only allowed while webhook is not chosen, and then unused.
        url.flatMap(u -> secretFile.map(f -> new CapacitySettings.Webhook(u, f, webhookTimeout))),
        kubernetes);
  }

  /**
   * The scaling policy. An unset {@code max-replicas} rises to {@code min-replicas}, so that
   * raising only the floor is not an error.
   */
  private ScalingPolicy policy() {
    ScalingPolicy defaults = CapacitySettings.DEFAULTS.policy();
    OptionalInt replicas =
        raw.parse(
            Setting.CAPACITY_REPLICAS,
            defaults.currentReplicas(),
            value -> OptionalInt.of(ValueParsers.positiveWhole(value)));
    int min =
        raw.parse(
            Setting.CAPACITY_MIN_REPLICAS, defaults.minReplicas(), ValueParsers::positiveWhole);
    int max =
        raw.parse(
            Setting.CAPACITY_MAX_REPLICAS,
            Math.max(min, defaults.maxReplicas()),
            ValueParsers::positiveWhole);
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
    return new ScalingPolicy(
        defaults.tolerance(),
        raw.parse(
            Setting.CAPACITY_TARGET_UTILIZATION,
            defaults.targetUtilization(),
            ValueParsers::fraction),
        min,
        max,
        raw.parse(
            Setting.CAPACITY_SCALE_DOWN_WINDOW, defaults.scaleDownWindow(), ValueParsers::duration),
        raw.parse(Setting.CAPACITY_CHANGE_WINDOW, defaults.changeWindow(), ValueParsers::duration),
        replicas);
  }

  private CapacitySettings.Kubernetes kubernetes() {
    return new CapacitySettings.Kubernetes(
        raw.parseOptional(
            Setting.CAPACITY_KUBERNETES_NAMESPACE, CapacitySettingsLoader::kubernetesName),
        raw.parse(
            Setting.CAPACITY_KUBERNETES_KIND,
            CapacitySettings.Kubernetes.DEFAULTS.kind(),
            value ->
                KubernetesTarget.Kind.parse(value)
                    .orElseThrow(() -> new IllegalArgumentException(value))),
        raw.parseOptional(Setting.CAPACITY_KUBERNETES_NAME, CapacitySettingsLoader::kubernetesName),
        raw.parseOptional(
            Setting.CAPACITY_KUBERNETES_LEASE, CapacitySettingsLoader::kubernetesName),
        raw.parseOptional(Setting.CAPACITY_KUBERNETES_IDENTITY, ValueParsers::host),
        raw.parseOptional(Setting.CAPACITY_KUBERNETES_KUBECONFIG, ValueParsers::path));
  }

  private SidecarConfigException missing(String provider, Setting setting) {
    RawValue given = raw.get(Setting.CAPACITY_PROVIDERS).orElseThrow();
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

  /** Known names in any case, each once; the order given is kept. */
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

  /** A URI that {@link CapacitySettings.Webhook} accepts, by its own rules. */
  private static URI webhookUrl(String value) {
    try {
      return CapacitySettings.Webhook.requireUrl(new URI(value));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(value, e);
    }
  }

  /** A lower-case DNS-style name, as Kubernetes requires of namespaces and object names. */
  private static String kubernetesName(String value) {
    if (!value.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?")) {
      throw new IllegalArgumentException(value);
    }
    return value;
  }
}
