package io.poolpilot.examples.k8s;

import static io.poolpilot.examples.k8s.ManifestYaml.list;
import static io.poolpilot.examples.k8s.ManifestYaml.map;
import static io.poolpilot.examples.k8s.ManifestYaml.named;
import static io.poolpilot.examples.k8s.ManifestYaml.only;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The sidecar-per-node layout ({@code k8s/daemonset.yaml}): it listens beyond loopback, so it must
 * read a token of its own node from a Secret, and the agents of that node the same one.
 */
class DaemonSetManifestTest {

  private static final String NODE_TOKEN = "/var/run/poolpilot/tokens/$(NODE_NAME)";

  @Test
  void theNodeSidecarListensBeyondLoopbackOnlyWithItsNodesTokenFromASecret() throws IOException {
    Map<String, Object> config =
        new Yaml(new SafeConstructor(new LoaderOptions()))
            .load(map(only("daemonset.yaml", "ConfigMap"), "data").get("sidecar.yaml").toString());
    Map<String, Object> pod = pod(only("daemonset.yaml", "DaemonSet"));
    Map<String, Object> sidecar = containers(pod).get(0);

    assertThat(config).containsEntry("bind", "0.0.0.0");
    assertThat(map(map(config, "node"), "services")).containsKeys("service-a", "service-b");
    assertThat(env(sidecar, "POOLPILOT_SIDECAR_TOKEN_FILE")).isEqualTo(NODE_TOKEN);
    assertThat(fieldPath(sidecar, "NODE_NAME")).isEqualTo("spec.nodeName");
    assertThat(env(sidecar, "POOLPILOT_SIDECAR_TOKEN")).isNull();
    assertThat(map(named(list(pod, "volumes"), "poolpilot-tokens"), "secret"))
        .containsEntry("secretName", "poolpilot-node-tokens");
    assertThat(named(list(sidecar, "volumeMounts"), "poolpilot-tokens"))
        .containsEntry("readOnly", true);
    assertThat(pod).containsEntry("automountServiceAccountToken", false);
  }

  @Test
  void theNodeSidecarSetsItsOwnJvmOptionsForManyInstances() throws IOException {
    Map<String, Object> sidecar = containers(pod(only("daemonset.yaml", "DaemonSet"))).get(0);
    List<String> command = list(sidecar, "command");

    assertThat(command)
        .contains("-XX:-UsePerfData", "-XX:+ExitOnOutOfMemoryError", "-XX:MaxRAMPercentage=60")
        .contains("-XX:+UseG1GC", "-XX:MaxGCPauseMillis=50")
        .doesNotContain("-XX:+UseSerialGC")
        .doesNotContain("-XX:TieredStopAtLevel=1")
        .noneMatch(option -> option.startsWith("-Xmx"));
  }

  @Test
  void anAgentOnTheNodeSendsThatNodesTokenToTheNodesAddress() throws IOException {
    Map<String, Object> app = containers(pod(only("daemonset-agent.yaml", "Deployment"))).get(0);

    assertThat(env(app, "JAVA_TOOL_OPTIONS"))
        .contains("endpoint=http://$(HOST_IP):4318")
        .contains("token.file=" + NODE_TOKEN)
        .doesNotContain("token=");
    assertThat(fieldPath(app, "HOST_IP")).isEqualTo("status.hostIP");
    assertThat(fieldPath(app, "NODE_NAME")).isEqualTo("spec.nodeName");
  }

  private static Map<String, Object> pod(Map<String, Object> workload) {
    return map(map(map(workload, "spec"), "template"), "spec");
  }

  private static List<Map<String, Object>> containers(Map<String, Object> pod) {
    return list(pod, "containers");
  }

  private static String env(Map<String, Object> container, String name) {
    List<Map<String, Object>> env = list(container, "env");
    return env.stream()
        .filter(item -> name.equals(item.get("name")))
        .map(item -> (String) item.get("value"))
        .findFirst()
        .orElse(null);
  }

  private static String fieldPath(Map<String, Object> container, String name) {
    return map(map(named(list(container, "env"), name), "valueFrom"), "fieldRef")
        .get("fieldPath")
        .toString();
  }
}
