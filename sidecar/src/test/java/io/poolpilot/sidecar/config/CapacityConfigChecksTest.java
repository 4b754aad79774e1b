package io.poolpilot.sidecar.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Capacity settings that load but together do nothing are said once at start. */
class CapacityConfigChecksTest {

  private final List<String> warnings = new ArrayList<>();

  private void load(String... flags) {
    SidecarConfig.load(List.of(flags), Map.of(), warnings::add);
  }

  @Test
  void saysThatAnExecCommandNeedingReplicasWillBeSkippedWithoutACount() {
    load(
        "--capacity-providers", "log,exec",
        "--capacity-exec-command", "kubectl scale deployment/{service} --replicas={replicas}");

    assertThat(warnings)
        .singleElement()
        .asString()
        .startsWith("capacity.exec.command uses {replicas} but nothing tells the sidecar")
        .contains(
            "will skip every request",
            "Set capacity.replicas",
            "add kubernetes to capacity.providers");
  }

  @Test
  void saysNothingWhenTheReplicaCountHasASourceOrIsNotNeeded() {
    load(
        "--capacity-providers", "exec",
        "--capacity-replicas", "3",
        "--capacity-exec-command", "scale {service} {replicas}");
    load("--capacity-providers", "exec,kubernetes", "--capacity-exec-command", "scale {replicas}");
    load("--capacity-providers", "exec", "--capacity-exec-command", "page-oncall {service}");
    load();

    assertThat(warnings).isEmpty();
  }

  @Test
  void namesAProvidersSettingGivenWhileTheProviderIsNotChosen() {
    load(
        "--capacity-exec-command", "scale {service}",
        "--capacity-webhook-url", "https://ops.example/scale",
        "--capacity-webhook-timeout", "5s",
        "--capacity-kubernetes-namespace", "shop");

    assertThat(warnings)
        .containsExactly(
            "capacity.exec.command is set (from flag --capacity-exec-command) but"
                + " capacity.providers (log) does not name exec, so it is not used: add exec to"
                + " capacity.providers, or remove the capacity.exec.* settings",
            "capacity.webhook.url is set (from flag --capacity-webhook-url) but"
                + " capacity.providers (log) does not name webhook, so it is not used: add webhook"
                + " to capacity.providers, or remove the capacity.webhook.* settings",
            "capacity.kubernetes.namespace is set (from flag --capacity-kubernetes-namespace) but"
                + " capacity.providers (log) does not name kubernetes, so it is not used: add"
                + " kubernetes to capacity.providers, or remove the capacity.kubernetes.*"
                + " settings");
  }

  @Test
  void saysThatChosenProvidersGetNothingWhileTuningIsOff() {
    load(
        "--tuning-mode",
        "off",
        "--capacity-providers",
        "log,webhook",
        "--capacity-webhook-url",
        "https://ops.example/scale",
        "--capacity-webhook-secret-file",
        "/nonexistent/secret");

    assertThat(warnings)
        .singleElement()
        .asString()
        .startsWith(
            "capacity.providers is set (from flag --capacity-providers) but tuning.mode is off")
        .contains("Set tuning.mode to recommend");
  }
}
