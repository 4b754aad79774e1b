package io.poolpilot.sidecar.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.poolpilot.sidecar.node.ServiceSpec;
import io.poolpilot.tuning.node.ServiceClass;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeSettingsLoaderTest {

  @TempDir Path dir;

  @Test
  void readsClassesWeightsAndObjectivesFromAYamlMapping() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("sidecar.yaml"),
            """
            node:
              services:
                service-b: {class: critical, objective: 200ms}
                service-a: batch
                reports: {class: batch, weight: 3}
            """);

    SidecarConfig config = SidecarConfig.load(List.of("--config", file.toString()), Map.of());

    assertThat(config.node().spec("service-b"))
        .isEqualTo(new ServiceSpec(ServiceClass.CRITICAL, 1, Duration.ofMillis(200)));
    assertThat(config.node().spec("service-a"))
        .isEqualTo(new ServiceSpec(ServiceClass.BATCH, 1, ServiceSpec.DEFAULT_OBJECTIVE));
    assertThat(config.node().spec("reports").weight()).isEqualTo(3);
  }

  @Test
  void readsTheTextFormFromAFlagAndTheEnvironmentTheFlagWinning() {
    SidecarConfig config =
        SidecarConfig.load(
            List.of("--node-services", "service-b=critical:weight=2:objective=1s"),
            Map.of("POOLPILOT_SIDECAR_NODE_SERVICES", "service-b=batch"));

    assertThat(config.node().spec("service-b"))
        .isEqualTo(new ServiceSpec(ServiceClass.CRITICAL, 2, Duration.ofSeconds(1)));
  }

  @Test
  void givesAnUndeclaredServiceTheStandardClass() {
    SidecarConfig config =
        SidecarConfig.load(
            List.of(), Map.of("POOLPILOT_SIDECAR_NODE_SERVICES", "service-b=critical,"));

    assertThat(config.node().spec("orders")).isEqualTo(ServiceSpec.DEFAULT);
    assertThat(ServiceSpec.DEFAULT.serviceClass()).isEqualTo(ServiceClass.STANDARD);
    assertThat(SidecarConfig.DEFAULTS.node().services()).isEmpty();
  }

  @Test
  void namesTheServiceAndTheBadClass() {
    assertThatThrownBy(
            () -> SidecarConfig.load(List.of("--node-services", "service-a=bulk"), Map.of()))
        .isInstanceOf(SidecarConfigException.class)
        .hasMessageContaining("node.services")
        .hasMessageContaining("flag --node-services")
        .hasMessageContaining("service 'service-a' has class 'bulk'")
        .hasMessageContaining("critical, standard, batch");
  }

  @Test
  void namesTheServiceAndTheBadOption() {
    assertThatThrownBy(
            () ->
                SidecarConfig.load(
                    List.of("--node-services", "service-a=batch:weight=0"), Map.of()))
        .isInstanceOf(SidecarConfigException.class)
        .hasMessageContaining("service 'service-a' has 'weight=0'");
    assertThatThrownBy(
            () -> SidecarConfig.load(List.of("--node-services", "service-a=batch,a=x=y"), Map.of()))
        .hasMessageContaining("service 'a' has class 'x=y'");
    assertThatThrownBy(
            () ->
                SidecarConfig.load(
                    List.of("--node-services", "service-a=batch,service-a=critical"), Map.of()))
        .hasMessageContaining("service 'service-a' is declared twice");
  }
}
