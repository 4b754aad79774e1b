package io.poolpilot.sidecar.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.poolpilot.testsupport.FailsafeProperties;
import io.poolpilot.testsupport.JvmLauncher;
import io.poolpilot.testsupport.LaunchedJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubernetes provider from the shaded jar, as a separate JVM, against the mock API server
 * through a kubeconfig file: proves the jar carries fabric8, its JDK HTTP client and the service
 * files that wire them (a shading mistake shows here, not in a cluster).
 */
@EnableKubernetesMockClient(crud = true, https = false)
class ShadedKubernetesIT {

  static KubernetesClient client;

  @TempDir Path dir;

  @Test
  void theShadedJarScalesADeploymentThroughAKubeconfig() throws Exception {
    client
        .apps()
        .deployments()
        .inNamespace("shop")
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName("orders")
                .withNamespace("shop")
                .endMetadata()
                .withNewSpec()
                .withReplicas(2)
                .endSpec()
                .build())
        .create();
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        clusters:
          - name: mock
            cluster:
              server: %s
        users:
          - name: probe
            user:
              token: probe-token
        contexts:
          - name: mock
            context:
              cluster: mock
              user: probe
              namespace: shop
        current-context: mock
        """
            .formatted(client.getConfiguration().getMasterUrl()));
    String probeClasses =
        Path.of(
                ShadedKubernetesProbe.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI())
            .toString();
    String output;
    int exitCode;
    try (LaunchedJvm probe =
        JvmLauncher.java(FailsafeProperties.java())
            .classPath(FailsafeProperties.sidecarJar().toString(), probeClasses)
            .mainClass(ShadedKubernetesProbe.class.getName())
            .appArgs(
                "--capacity-providers",
                "kubernetes",
                "--capacity-kubernetes-kubeconfig",
                kubeconfig.toString(),
                "--capacity-kubernetes-identity",
                "probe-pod")
            .mergeStderr()
            .name("kubernetes-probe")
            .start()) {
      exitCode = probe.awaitExit(Duration.ofSeconds(120));
      output = String.join("\n", probe.stdout());
    }

    assertThat(exitCode).as(output).isZero();
    assertThat(output).contains("scaled deployment shop/orders 2 → 3").doesNotContain("SLF4J");
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace("shop")
                .withName("orders")
                .get()
                .getSpec()
                .getReplicas())
        .isEqualTo(3);
    assertThat(
            client
                .leases()
                .inNamespace("shop")
                .withName("poolpilot-orders")
                .get()
                .getSpec()
                .getHolderIdentity())
        .isEqualTo("probe-pod");
  }
}
