package io.poolpilot.sidecar.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every setting whose value is a list takes a YAML list, and the same items as a flag with commas
 * (or spaces, for the exec command). The examples must cover every setting declared a list, so a
 * new list setting fails here until it is shown to work as one.
 */
class ListSettingsTest {

  @TempDir Path dir;

  /** A setting's items, how the flag spells them, and where the loaded config keeps them. */
  private record Example(
      List<String> items, String flagValue, Function<SidecarConfig, List<String>> read) {}

  private static final Map<Setting, Example> EXAMPLES = examples();

  private static Map<Setting, Example> examples() {
    Map<Setting, Example> examples = new EnumMap<>(Setting.class);
    examples.put(
        Setting.ALLOWED_HOSTS,
        new Example(
            List.of("orders.shop.svc", "orders"),
            "orders.shop.svc,orders",
            SidecarConfig::allowedHosts));
    examples.put(
        Setting.TUNING_INCLUDE,
        new Example(
            List.of("hog-*", "mail-sender"),
            "hog-*,mail-sender",
            config -> config.tuning().include().stream().sorted().toList()));
    examples.put(
        Setting.TUNING_FLOORS,
        new Example(
            List.of("batch=1", "http-nio-8080-exec-*=4"),
            "batch=1,http-nio-8080-exec-*=4",
            config ->
                config.tuning().floors().entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue())
                    .sorted()
                    .toList()));
    examples.put(
        Setting.CAPACITY_PROVIDERS,
        new Example(
            List.of("log", "kubernetes"),
            "log,kubernetes",
            config -> config.capacity().providers()));
    examples.put(
        Setting.CAPACITY_EXEC_COMMAND,
        new Example(
            List.of("kubectl", "scale", "deployment/{service}", "--replicas={replicas}"),
            "kubectl scale deployment/{service} --replicas={replicas}",
            config -> config.capacity().exec().orElseThrow().command()));
    return examples;
  }

  @Test
  void everySettingDeclaredAListHasAnExampleHere() {
    assertThat(EXAMPLES.keySet())
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(Setting.values()).filter(Setting::acceptsList).toList());
  }

  @Test
  void everyListSettingTakesAYamlList() throws Exception {
    for (Map.Entry<Setting, Example> entry : EXAMPLES.entrySet()) {
      Example example = entry.getValue();
      Path file = dir.resolve(entry.getKey().name() + ".yaml");
      Files.writeString(file, nested(entry.getKey().key(), yamlList(example.items())));

      SidecarConfig config = SidecarConfig.load(List.of("--config", file.toString()), Map.of());

      assertThat(example.read().apply(config)).as(entry.getKey().key()).isEqualTo(example.items());
    }
  }

  @Test
  void everyListSettingTakesTheSameItemsAsAFlag() {
    for (Map.Entry<Setting, Example> entry : EXAMPLES.entrySet()) {
      Example example = entry.getValue();

      SidecarConfig config =
          SidecarConfig.load(List.of(entry.getKey().flag(), example.flagValue()), Map.of());

      assertThat(example.read().apply(config)).as(entry.getKey().key()).isEqualTo(example.items());
    }
  }

  @Test
  void aSettingThatIsNotAListRefusesAYamlListNamingWhatItExpects() throws Exception {
    Path file = dir.resolve("not-a-list.yaml");
    Files.writeString(file, "tuning:\n  mode: [auto, off]\n");

    assertThatThrownBy(() -> SidecarConfig.load(List.of("--config", file.toString()), Map.of()))
        .isInstanceOf(SidecarConfigException.class)
        .hasMessageContaining("tuning.mode")
        .hasMessageContaining("is list: expected auto, recommend or off");
  }

  /** {@code a.b.c: value} as nested YAML mappings, the way the docs write the settings. */
  private static String nested(String key, String value) {
    String[] parts = key.split("\\.");
    StringBuilder yaml = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      yaml.append("  ".repeat(i)).append(parts[i]).append(':');
      yaml.append(i == parts.length - 1 ? " " + value : "").append('\n');
    }
    return yaml.toString();
  }

  private static String yamlList(List<String> items) {
    return items.stream()
        .map(item -> "\"" + item + "\"")
        .collect(Collectors.joining(", ", "[", "]"));
  }
}
