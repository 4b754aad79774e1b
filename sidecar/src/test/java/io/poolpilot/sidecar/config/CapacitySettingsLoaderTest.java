package io.poolpilot.sidecar.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.poolpilot.sidecar.capacity.CapacitySettings;
import io.poolpilot.sidecar.capacity.KubernetesTarget;
import io.poolpilot.sidecar.capacity.ScalingPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CapacitySettingsLoaderTest {

  @Test
  void nothingSetGivesTheDefaults() {
    assertThat(load()).isEqualTo(CapacitySettings.DEFAULTS);
  }

  @Test
  void readsTheScalingWindowsAndTheProvidersTimeouts() {
    CapacitySettings capacity =
        load(
            "--capacity-providers=exec,webhook",
            "--capacity-exec-command=scale.sh",
            "--capacity-exec-timeout=45s",
            "--capacity-webhook-url=https://ops/scale",
            "--capacity-webhook-secret-file=/etc/secret",
            "--capacity-webhook-timeout=1500ms",
            "--capacity-scale-down-window=10m",
            "--capacity-change-window=90s",
            "--capacity-target-utilization=0.6");

    ScalingPolicy policy = capacity.policy();
    assertThat(policy.scaleDownWindow()).isEqualTo(Duration.ofMinutes(10));
    assertThat(policy.changeWindow()).isEqualTo(Duration.ofSeconds(90));
    assertThat(policy.targetUtilization()).isEqualTo(0.6);
    assertThat(capacity.exec().orElseThrow().timeout()).isEqualTo(Duration.ofSeconds(45));
    assertThat(capacity.webhook().orElseThrow().timeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(capacity.webhook().orElseThrow().secretFile()).isEqualTo(Path.of("/etc/secret"));
  }

  @Test
  void raisingOnlyTheMinimumRaisesTheMaximumWithIt() {
    int defaultMax = CapacitySettings.DEFAULTS.policy().maxReplicas();

    ScalingPolicy policy = load("--capacity-min-replicas=" + (defaultMax + 5)).policy();

    assertThat(policy.minReplicas()).isEqualTo(defaultMax + 5);
    assertThat(policy.maxReplicas()).isEqualTo(defaultMax + 5);
  }

  @Test
  void readsTheKubernetesTarget() {
    CapacitySettings.Kubernetes kubernetes =
        load(
                "--capacity-kubernetes-namespace=shop",
                "--capacity-kubernetes-kind=StatefulSet",
                "--capacity-kubernetes-name=orders.v2",
                "--capacity-kubernetes-lease=orders-lease",
                "--capacity-kubernetes-identity=orders-7d9f",
                "--capacity-kubernetes-kubeconfig=/home/ops/.kube/config")
            .kubernetes();

    assertThat(kubernetes)
        .isEqualTo(
            new CapacitySettings.Kubernetes(
                Optional.of("shop"),
                KubernetesTarget.Kind.STATEFULSET,
                Optional.of("orders.v2"),
                Optional.of("orders-lease"),
                Optional.of("orders-7d9f"),
                Optional.of(Path.of("/home/ops/.kube/config"))));
  }

  @Test
  void providerNamesIgnoreCaseAndKeepTheirOrder() {
    assertThat(load("--capacity-providers", " Kubernetes,LOG ").providers())
        .containsExactly("kubernetes", "log");
  }

  @Test
  void aProviderNamedTwiceOrNoProviderAtAllIsAnError() {
    assertThatThrownBy(() -> load("--capacity-providers", "log,LOG"))
        .isInstanceOf(SidecarConfigException.class)
        .hasMessageStartingWith("invalid capacity.providers 'log,LOG' (from flag");
    assertThatThrownBy(() -> load("--capacity-providers", ","))
        .hasMessageStartingWith("invalid capacity.providers ','");
  }

  @Test
  void theMissingSettingErrorQuotesTheProvidersAsGiven() {
    assertThatThrownBy(() -> load("--capacity-providers", "log, webhook"))
        .hasMessage(
            "capacity.providers 'log, webhook' (from flag --capacity-providers) names webhook but"
                + " capacity.webhook.url is not set: expected an http or https URL such as"
                + " https://ops/scale");
  }

  @Test
  void kubernetesNamesMustBeLowerCaseDnsNames() {
    assertThatThrownBy(() -> load("--capacity-kubernetes-namespace", "Shop"))
        .hasMessageStartingWith("invalid capacity.kubernetes.namespace 'Shop'");
    assertThatThrownBy(() -> load("--capacity-kubernetes-name", "orders-"))
        .hasMessageStartingWith("invalid capacity.kubernetes.name 'orders-'");
  }

  @Test
  void aReplicaCountBelowOneIsAnError() {
    assertThatThrownBy(() -> load("--capacity-replicas", "0"))
        .hasMessage(
            "invalid capacity.replicas '0' (from flag --capacity-replicas): expected the"
                + " service's replica count, a whole number from 1 (where no provider reads it)");
  }

  @Test
  void aCommandOfOnlyBlanksIsAnError() {
    assertThatThrownBy(() -> load("--capacity-exec-command", "   "))
        .hasMessageStartingWith("invalid capacity.exec.command '   '");
  }

  private static CapacitySettings load(String... flags) {
    return new CapacitySettingsLoader(SettingSources.read(List.of(flags), Map.of())).load();
  }
}
