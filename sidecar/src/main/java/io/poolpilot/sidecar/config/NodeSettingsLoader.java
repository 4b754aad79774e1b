package io.poolpilot.sidecar.config;

import io.poolpilot.sidecar.node.NodeSettings;
import io.poolpilot.sidecar.node.ServiceSpec;
import io.poolpilot.tuning.node.ServiceClass;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads the {@code node.*} settings. {@code node.services} is, as a flag or variable, {@code
 * name=class[:weight=N][:objective=D]} entries separated by commas ({@code
 * service-b=critical,service-a=batch:weight=2}); in YAML also a mapping of names to a class or to
 * {@code {class: ..., weight: ..., objective: ...}}, which {@link SettingSources} writes in the
 * text form ({@link #format}).
 */
final class NodeSettingsLoader {

  private final RawSettings raw;

  NodeSettingsLoader(RawSettings raw) {
    this.raw = raw;
  }

  /**
   * @throws SidecarConfigException naming the setting, its source, the service and what was wrong
   *     with its declaration
   */
  NodeSettings load() {
    return raw.get(Setting.NODE_SERVICES)
        .map(
            given -> {
              try {
                return services(given.value().trim());
              } catch (IllegalArgumentException e) {
                throw new SidecarConfigException(
                    "invalid "
                        + Setting.NODE_SERVICES.key()
                        + " (from "
                        + given.source()
                        + "): "
                        + e.getMessage()
                        + "; expected "
                        + Setting.NODE_SERVICES.expected(),
                    e);
              }
            })
        .orElse(NodeSettings.DEFAULTS);
  }

  static NodeSettings services(String value) {
    Map<String, ServiceSpec> services = new LinkedHashMap<>();
    for (String entry : ValueParsers.commaSeparated(value)) {
      if (entry.isBlank()) {
        continue;
      }
      int equals = entry.indexOf('=');
      if (equals <= 0) {
        throw new IllegalArgumentException("'" + entry.strip() + "' is not name=class");
      }
      String name = entry.substring(0, equals).strip();
      if (services.put(name, spec(name, entry.substring(equals + 1).strip())) != null) {
        throw new IllegalArgumentException("service '" + name + "' is declared twice");
      }
    }
    return new NodeSettings(services);
  }

  private static ServiceSpec spec(String name, String text) {
    List<String> parts = List.of(text.split(":", -1));
    ServiceClass serviceClass =
        ServiceClass.parse(parts.get(0).strip())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "service '"
                            + name
                            + "' has class '"
                            + parts.get(0).strip()
                            + "', expected one of "
                            + ServiceClass.labels()));
    int weight = 1;
    Duration objective = ServiceSpec.DEFAULT_OBJECTIVE;
    for (String part : parts.subList(1, parts.size())) {
      String option = part.strip();
      try {
        if (option.startsWith("weight=")) {
          weight = ValueParsers.positiveWhole(option.substring("weight=".length()));
        } else if (option.startsWith("objective=")) {
          objective = ValueParsers.duration(option.substring("objective=".length()));
        } else {
          throw new IllegalArgumentException("unknown option");
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "service '"
                + name
                + "' has '"
                + option
                + "', expected weight=<whole number from 1> or objective=<duration such as"
                + " 200ms>");
      }
    }
    return new ServiceSpec(serviceClass, weight, objective);
  }

  /**
   * The YAML mapping's text form: a name to a class ({@code critical}) or to a mapping with {@code
   * class}, {@code weight}, {@code objective}.
   */
  static String format(Map<?, ?> services) {
    StringBuilder text = new StringBuilder();
    for (Map.Entry<?, ?> entry : services.entrySet()) {
      if (text.length() > 0) {
        text.append(',');
      }
      text.append(entry.getKey()).append('=');
      if (entry.getValue() instanceof Map<?, ?> fields) {
        text.append(fields.get("class") == null ? "" : fields.get("class"));
        for (Map.Entry<?, ?> field : fields.entrySet()) {
          String key = String.valueOf(field.getKey());
          if (!key.equals("class")) {
            text.append(':').append(key).append('=').append(field.getValue());
          }
        }
      } else {
        text.append(entry.getValue());
      }
    }
    return text.toString();
  }
}
