package io.poolpilot.examples.k8s;

import static io.poolpilot.examples.k8s.ManifestYaml.documents;
import static io.poolpilot.examples.k8s.ManifestYaml.list;
import static io.poolpilot.examples.k8s.ManifestYaml.map;
import static io.poolpilot.examples.k8s.ManifestYaml.named;
import static io.poolpilot.examples.k8s.ManifestYaml.only;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The manifests in {@code k8s/}, read as Kubernetes would read them (no cluster here): every file
 * parses, the Role grants exactly what the kubernetes capacity provider calls, and only the sidecar
 * container can use the service account's token.
 */
class KubernetesManifestsTest {

  private static final Path DIR = Path.of("k8s");
  private static final String SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";
  private static final String TOKEN_FILE = "/var/run/poolpilot/token";

  @Test
  void everyFileIsYamlOfKubernetesObjectsInTheShopNamespace() throws IOException {
    List<Path> files;
    try (Stream<Path> listed = Files.list(DIR)) {
      files = listed.filter(file -> file.toString().endsWith(".yaml")).sorted().toList();
    }

    assertThat(files)
        .extracting(file -> file.getFileName().toString())
        .contains("deployment.yaml", "rbac.yaml", "sidecar-direct.yaml", "sidecar-hpa.yaml");
    for (Path file : files) {
      List<Map<String, Object>> documents = documents(file.getFileName().toString());
      assertThat(documents).as(file.toString()).isNotEmpty();
      for (Map<String, Object> document : documents) {
        assertThat(document).as(file.toString()).containsKeys("apiVersion", "kind", "metadata");
        assertThat(map(document, "metadata"))
            .containsKey("name")
            .containsEntry("namespace", "shop");
      }
    }
  }

  @Test
  void theRoleGrantsExactlyTheCallsOfTheKubernetesCapacityProvider() throws IOException {
    Map<String, Object> role = only("rbac.yaml", "Role");
    Map<String, Object> binding = only("rbac.yaml", "RoleBinding");

    assertThat(role.get("rules"))
        .isEqualTo(
            List.of(
                Map.of(
                    "apiGroups", List.of("apps"),
                    "resources", List.of("deployments/scale"),
                    "resourceNames", List.of("orders"),
                    "verbs", List.of("get", "update")),
                Map.of(
                    "apiGroups", List.of("coordination.k8s.io"),
                    "resources", List.of("leases"),
                    "resourceNames", List.of("poolpilot-orders"),
                    "verbs", List.of("get", "update")),
                Map.of(
                    "apiGroups", List.of("coordination.k8s.io"),
                    "resources", List.of("leases"),
                    "verbs", List.of("create"))));
    assertThat(binding.get("subjects"))
        .isEqualTo(
            List.of(Map.of("kind", "ServiceAccount", "name", "orders", "namespace", "shop")));
    assertThat(map(binding, "roleRef")).containsEntry("name", map(role, "metadata").get("name"));
  }

  @Test
  void onlyTheSidecarContainerMountsTheServiceAccountsToken() throws IOException {
    Map<String, Object> pod = podSpec();
    Map<String, Object> account = only("deployment.yaml", "ServiceAccount");

    assertThat(account).containsEntry("automountServiceAccountToken", false);
    assertThat(pod)
        .containsEntry("serviceAccountName", "orders")
        .containsEntry("automountServiceAccountToken", false);
    for (Map<String, Object> container : containers(pod, "initContainers", "containers")) {
      boolean mounted =
          mounts(container).stream()
              .anyMatch(mount -> mount.get("mountPath").toString().startsWith("/var/run/secrets"));
      assertThat(mounted)
          .as("%s mounts a service-account token", container.get("name"))
          .isEqualTo(container.get("name").equals("poolpilot-sidecar"));
    }
    Map<String, Object> sidecarMount =
        mounts(container(pod, "poolpilot-sidecar")).stream()
            .filter(mount -> mount.get("mountPath").equals(SERVICE_ACCOUNT_DIR))
            .findFirst()
            .orElseThrow();
    assertThat(sidecarMount).containsEntry("readOnly", true);
    List<Map<String, Object>> sources =
        list(map(volume(pod, sidecarMount.get("name")), "projected"), "sources");
    assertThat(map(sources.get(0), "serviceAccountToken")).containsEntry("path", "token");
    assertThat(map(sources.get(1), "configMap")).containsEntry("name", "kube-root-ca.crt");
    assertThat(list(map(sources.get(1), "configMap"), "items"))
        .containsExactly(Map.of("key", "ca.crt", "path", "ca.crt"));
    List<Map<String, Object>> downward = list(map(sources.get(2), "downwardAPI"), "items");
    assertThat(downward)
        .singleElement()
        .extracting(item -> item.get("path"))
        .isEqualTo("namespace");
  }

  @Test
  void theAgentAndTheSidecarReadThePoolPilotTokenFromTheSecretsFile() throws IOException {
    Map<String, Object> pod = podSpec();
    Map<String, Object> app = container(pod, "app");
    Map<String, Object> sidecar = container(pod, "poolpilot-sidecar");

    Map<String, Object> secret = map(volume(pod, "poolpilot-token"), "secret");
    assertThat(secret).containsEntry("secretName", "orders-poolpilot-token");
    assertThat(secret).containsEntry("defaultMode", 0440);
    assertThat(map(pod, "securityContext")).containsKey("fsGroup");
    for (Map<String, Object> container : List.of(app, sidecar)) {
      assertThat(mounts(container))
          .contains(
              Map.of(
                  "name", "poolpilot-token", "mountPath", "/var/run/poolpilot", "readOnly", true));
    }
    assertThat(env(app, "JAVA_TOOL_OPTIONS"))
        .contains("-javaagent:/agent/poolpilot-agent.jar=")
        .contains("token.file=" + TOKEN_FILE)
        .doesNotContain(",token=");
    assertThat(env(sidecar, "POOLPILOT_SIDECAR_TOKEN_FILE")).isEqualTo(TOKEN_FILE);
    List<Map<String, Object>> variables = list(sidecar, "env");
    List<String> args = list(sidecar, "args");
    assertThat(variables)
        .noneMatch(variable -> variable.get("name").equals("POOLPILOT_SIDECAR_TOKEN"));
    assertThat(args).doesNotContain("--token");
  }

  @Test
  void theSidecarKeepsItsJournalInADirectoryItCreatesBelowTheVolume() throws IOException {
    for (String file : List.of("sidecar-direct.yaml", "sidecar-hpa.yaml")) {
      Map<String, Object> config =
          new Yaml(new SafeConstructor(new LoaderOptions()))
              .load(map(only(file, "ConfigMap"), "data").get("sidecar.yaml").toString());

      assertThat(map(config, "data")).as(file).containsEntry("dir", "/var/lib/poolpilot/data");
    }
    assertThat(mounts(container(podSpec(), "poolpilot-sidecar")))
        .contains(Map.of("name", "poolpilot-data", "mountPath", "/var/lib/poolpilot"));
  }

  @Test
  void theSidecarsHeapFollowsAMemoryLimitItsContainerSets() throws IOException {
    Map<String, Object> resources = map(container(podSpec(), "poolpilot-sidecar"), "resources");
    String dockerfile = Files.readString(DIR.resolve("Dockerfile.sidecar"));

    assertThat(map(resources, "limits")).containsKey("memory");
    assertThat(map(resources, "requests").get("memory"))
        .isEqualTo(map(resources, "limits").get("memory"));
    assertThat(dockerfile)
        .contains(
            "\"-XX:MaxRAMPercentage=50\"", "\"-XX:+UseSerialGC\"", "\"-XX:TieredStopAtLevel=1\"")
        .contains("\"-XX:+ExitOnOutOfMemoryError\"", "\"-XX:-UsePerfData\"")
        .contains("\"-XX:CompileThresholdScaling=0.3\"")
        .doesNotContain("-Xmx");
  }

  private static Map<String, Object> podSpec() throws IOException {
    return map(map(map(only("deployment.yaml", "Deployment"), "spec"), "template"), "spec");
  }

  private static List<Map<String, Object>> containers(Map<String, Object> pod, String... lists) {
    List<Map<String, Object>> all = new ArrayList<>();
    for (String name : lists) {
      all.addAll(list(pod, name));
    }
    return all;
  }

  private static Map<String, Object> container(Map<String, Object> pod, String name) {
    return named(list(pod, "containers"), name);
  }

  private static Map<String, Object> volume(Map<String, Object> pod, Object name) {
    return named(list(pod, "volumes"), name);
  }

  private static List<Map<String, Object>> mounts(Map<String, Object> container) {
    return container.containsKey("volumeMounts") ? list(container, "volumeMounts") : List.of();
  }

  private static String env(Map<String, Object> container, String name) {
    return named(list(container, "env"), name).get("value").toString();
  }
}
