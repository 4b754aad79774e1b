package io.poolpilot.sidecar.config;

import io.poolpilot.sidecar.capacity.CapacitySettings;
import io.poolpilot.sidecar.capacity.ExecCapacityProvider;
import io.poolpilot.sidecar.decision.TuningMode;
import io.poolpilot.sidecar.decision.TuningSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Capacity settings that are valid one by one but together do nothing, said once at start with what
 * to do. Not errors: the rest of the sidecar works, and a setting kept for later (a webhook
 * switched off by taking it out of {@code capacity.providers}) is a fair thing to do. But silence
 * would leave an operator waiting hours for a scale-up that can never come.
 */
final class CapacityConfigChecks {

  /** Each provider's own settings, the first of them given being the one a warning names. */
  private static final Map<String, List<Setting>> OWN_SETTINGS =
      Map.of(
          "exec",
          List.of(Setting.CAPACITY_EXEC_COMMAND, Setting.CAPACITY_EXEC_TIMEOUT),
          "webhook",
          List.of(
              Setting.CAPACITY_WEBHOOK_URL,
              Setting.CAPACITY_WEBHOOK_SECRET_FILE,
              Setting.CAPACITY_WEBHOOK_TIMEOUT),
          "kubernetes",
          List.of(
              Setting.CAPACITY_KUBERNETES_NAMESPACE,
              Setting.CAPACITY_KUBERNETES_KIND,
              Setting.CAPACITY_KUBERNETES_NAME,
              Setting.CAPACITY_KUBERNETES_LEASE,
              Setting.CAPACITY_KUBERNETES_IDENTITY,
              Setting.CAPACITY_KUBERNETES_KUBECONFIG));

  private CapacityConfigChecks() {}

  static void check(
      RawSettings raw,
      CapacitySettings capacity,
      TuningSettings tuning,
      Consumer<String> warnings) {
    List<String> providers = capacity.providers();
    for (String provider : List.of("exec", "webhook", "kubernetes")) {
      if (providers.contains(provider)) {
        continue;
      }
      for (Setting setting : OWN_SETTINGS.get(provider)) {
        Optional<RawValue> given = raw.get(setting);
        if (given.isPresent()) {
          warnings.accept(
              setting.key()
                  + " is set (from "
                  + given.get().source()
                  + ") but capacity.providers ("
                  + String.join(",", providers)
                  + ") does not name "
                  + provider
                  + ", so it is not used: add "
                  + provider
                  + " to capacity.providers, or remove the capacity."
                  + provider
                  + ".* settings");
          break;
        }
      }
    }
    if (providers.contains("exec")
        && capacity.exec().orElseThrow().command().stream()
            .anyMatch(argument -> argument.contains(ExecCapacityProvider.REPLICAS))
        && capacity.policy().currentReplicas().isEmpty()
        && !providers.contains("kubernetes")) {
      warnings.accept(
          "capacity.exec.command uses "
              + ExecCapacityProvider.REPLICAS
              + " but nothing tells the sidecar the replica count: capacity.replicas is not set"
              + " and only the kubernetes provider reads it. The exec provider will skip every"
              + " request. Set capacity.replicas to the service's replica count, add kubernetes to"
              + " capacity.providers, or leave "
              + ExecCapacityProvider.REPLICAS
              + " out of the command ({service} and {reason} are always known)");
    }
    Optional<RawValue> chosen = raw.get(Setting.CAPACITY_PROVIDERS);
    if (tuning.mode() == TuningMode.OFF && chosen.isPresent()) {
      warnings.accept(
          "capacity.providers is set (from "
              + chosen.get().source()
              + ") but tuning.mode is off: capacity requests rest on the tuner's signal, so none"
              + " will be made. Set tuning.mode to recommend (report and request only) or auto");
    }
  }
}
