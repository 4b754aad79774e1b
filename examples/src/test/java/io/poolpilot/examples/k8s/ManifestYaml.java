package io.poolpilot.examples.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads the example manifests in {@code k8s/} as the plain maps and lists YAML gives, with look-ups
 * that fail the test, naming what is missing, instead of returning null.
 */
final class ManifestYaml {

  private static final Path DIR = Path.of("k8s");

  private ManifestYaml() {}

  /** Every document of {@code file}, each a map. */
  static List<Map<String, Object>> documents(String file) throws IOException {
    List<Map<String, Object>> documents = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(DIR.resolve(file))) {
      for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader)) {
        assertThat(document).as(file).isInstanceOf(Map.class);
        documents.add(cast(document));
      }
    }
    return documents;
  }

  /** The one document of {@code kind} in {@code file}. */
  static Map<String, Object> only(String file, String kind) throws IOException {
    List<Map<String, Object>> ofKind =
        documents(file).stream().filter(document -> kind.equals(document.get("kind"))).toList();
    assertThat(ofKind).as("%s in %s", kind, file).hasSize(1);
    return ofKind.get(0);
  }

  /** The item whose {@code name} is {@code name}. */
  static Map<String, Object> named(List<Map<String, Object>> items, Object name) {
    return items.stream()
        .filter(item -> name.equals(item.get("name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("nothing named " + name + " in " + items));
  }

  static Map<String, Object> map(Map<String, Object> parent, String key) {
    assertThat(parent).containsKey(key);
    return cast(parent.get(key));
  }

  static <T> List<T> list(Map<String, Object> parent, String key) {
    assertThat(parent).containsKey(key);
    return cast(parent.get(key));
  }

  @SuppressWarnings("unchecked")
  static <T> T cast(Object value) {
    return (T) value;
  }
}
