package io.poolpilot.sidecar.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.poolpilot.sidecar.capacity.CapacitySettings;
import io.poolpilot.sidecar.capacity.KubernetesTarget;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

class CapacityConfigTest {

  @TempDir Path dir;

  private SidecarConfig fromYaml(String yaml) throws Exception {
    Path file = dir.resolve("sidecar.yaml");
    Files.writeString(file, yaml);
    return SidecarConfig.load(List.of("--config", file.toString()), Map.of());
  }

  @Test
  void logIsTheDefaultProvider() {
    CapacitySettings capacity = SidecarConfig.load(List.of(), Map.of()).capacity();

    assertThat(capacity.providers()).containsExactly("log");
    assertThat(capacity.policy().minReplicas()).isEqualTo(1);
    assertThat(capacity.policy().scaleDownWindow()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void readsTheDesignDocumentsExampleWithListsKeptWhole() throws Exception {
    CapacitySettings capacity =
        fromYaml(
                """
                capacity:
                  providers: [log, exec, webhook, kubernetes]
                  replicas: 3
                  max-replicas: 12
                  exec:
                    command: ["kubectl", "scale", "deployment/{service}", "--replicas={replicas}", "--reason={reason} now"]
                    timeout: 30s
                  webhook:
                    url: https://ops.example/scale
                    secret-file: /etc/poolpilot/webhook-secret
                  kubernetes:
                    namespace: shop
                    kind: statefulset
                """)
            .capacity();

    assertThat(capacity.providers()).containsExactly("log", "exec", "webhook", "kubernetes");
    assertThat(capacity.exec().orElseThrow().command())
        .containsExactly(
            "kubectl",
            "scale",
            "deployment/{service}",
            "--replicas={replicas}",
            "--reason={reason} now");
    assertThat(capacity.exec().orElseThrow().timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(capacity.webhook().orElseThrow().url())
        .isEqualTo(URI.create("https://ops.example/scale"));
    assertThat(capacity.webhook().orElseThrow().secretFile())
        .isEqualTo(Path.of("/etc/poolpilot/webhook-secret"));
    assertThat(capacity.policy().currentReplicas()).isEqualTo(OptionalInt.of(3));
    assertThat(capacity.policy().maxReplicas()).isEqualTo(12);
    assertThat(capacity.kubernetes().namespace()).isEqualTo(Optional.of("shop"));
    assertThat(capacity.kubernetes().kind()).isEqualTo(KubernetesTarget.Kind.STATEFULSET);
  }

  @Test
  void takesProvidersAndTheCommandFromFlagsAndEnvironment() {
    CapacitySettings capacity =
        SidecarConfig.load(
                List.of("--capacity-providers", "log,exec"),
                Map.of("POOLPILOT_SIDECAR_CAPACITY_EXEC_COMMAND", "scale.sh {service}  {replicas}"))
            .capacity();

    assertThat(capacity.providers()).containsExactly("log", "exec");
    assertThat(capacity.exec().orElseThrow().command())
        .containsExactly("scale.sh", "{service}", "{replicas}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sidecar-direct.yaml", "sidecar-hpa.yaml"})
  void theKubernetesExamplesConfigMapsAreValidSidecarConfigs(String example) throws Exception {
    Map<?, ?> configMap =
        new Yaml(new SafeConstructor(new LoaderOptions()))
            .load(Files.readString(Path.of("../examples/k8s", example)));
    String sidecarYaml = (String) ((Map<?, ?>) configMap.get("data")).get("sidecar.yaml");

    SidecarConfig config = fromYaml(sidecarYaml);

    assertThat(config.bind()).isEqualTo("0.0.0.0");
    assertThat(config.capacity().providers()).contains("log");
  }

  @Test
  void namesTheSettingTheValueAndWhatIsAllowed() throws Exception {
    assertThatThrownBy(
            () -> SidecarConfig.load(List.of("--capacity-providers", "log,pager"), Map.of()))
        .isInstanceOf(SidecarConfigException.class)
        .hasMessageContaining(
            "invalid capacity.providers 'log,pager' (from flag --capacity-providers)")
        .hasMessageContaining("log, webhook, exec and kubernetes");
    assertThatThrownBy(() -> fromYaml("capacity:\n  providers: [exec]\n"))
        .hasMessageContaining("names exec but capacity.exec.command is not set");
    assertThatThrownBy(
            () ->
                SidecarConfig.load(
                    List.of(
                        "--capacity-providers", "webhook", "--capacity-webhook-url", "https://x/y"),
                    Map.of()))
        .hasMessageContaining("capacity.webhook.secret-file is not set");
    assertThatThrownBy(
            () -> SidecarConfig.load(List.of("--capacity-webhook-url", "ftp://x/y"), Map.of()))
        .hasMessageContaining("invalid capacity.webhook.url 'ftp://x/y'");
    assertThatThrownBy(
            () -> SidecarConfig.load(List.of("--capacity-target-utilization", "1.5"), Map.of()))
        .hasMessageContaining("expected a fraction above 0 and at most 1");
    assertThatThrownBy(
            () ->
                SidecarConfig.load(
                    List.of("--capacity-min-replicas", "5", "--capacity-max-replicas", "3"),
                    Map.of()))
        .hasMessageContaining("capacity.max-replicas 3 is below capacity.min-replicas 5");
    assertThatThrownBy(
            () -> SidecarConfig.load(List.of("--capacity-kubernetes-kind", "daemonset"), Map.of()))
        .hasMessageContaining("expected deployment or statefulset");
  }
}
