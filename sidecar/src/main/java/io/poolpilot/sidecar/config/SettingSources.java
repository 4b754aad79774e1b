package io.poolpilot.sidecar.config;

import io.poolpilot.sidecar.forward.HeaderList;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Gathers raw values from the YAML file, the environment and the flags, in that order so that a
 * later source overrides an earlier one: flags beat environment variables beat the file. Unknown
 * settings are errors, not ignored: a mistyped name would otherwise silently leave the default in
 * place.
 */
final class SettingSources {

  private static final String CONFIG_FLAG = "--config";
  private static final String CONFIG_ENV = Setting.ENV_PREFIX + "CONFIG";

  private final List<String> args;
  private final Map<String, String> env;
  private final EnumMap<Setting, RawValue> raw = new EnumMap<>(Setting.class);

  private SettingSources(List<String> args, Map<String, String> env) {
    this.args = List.copyOf(args);
    this.env = Map.copyOf(env);
  }

  /**
   * @throws SidecarConfigException for an unreadable file, an unknown setting, a flag without its
   *     value or a stray argument
   */
  static RawSettings read(List<String> args, Map<String, String> env) {
    return new SettingSources(args, env).read();
  }

  private RawSettings read() {
    String configFile = env.get(CONFIG_ENV);
    String configSource = "environment variable " + CONFIG_ENV;
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).equals(CONFIG_FLAG) || args.get(i).startsWith(CONFIG_FLAG + "=")) {
        configFile = flagValue(i);
        configSource = RawValue.FLAG + CONFIG_FLAG;
      }
    }
    if (configFile != null) {
      readFile(configFile, configSource);
    }
    readEnvironment();
    readFlags();
    return new RawSettings(raw);
  }

  private void readFile(String file, String source) {
    Object document;
    try (Reader reader = Files.newBufferedReader(Path.of(file))) {
      document = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
    } catch (IOException | InvalidPathException e) {
      throw new SidecarConfigException(
          "cannot read config file '" + file + "' (from " + source + "): " + e, e);
    } catch (YAMLException e) {
      throw new SidecarConfigException(
          "config file '" + file + "' is not valid YAML: " + e.getMessage(), e);
    }
    if (document == null) {
      return;
    }
    if (!(document instanceof Map<?, ?> map)) {
      throw new SidecarConfigException(
          "config file '"
              + file
              + "' holds a "
              + kind(document)
              + ", expected a mapping of settings");
    }
    flatten("", map, "config file '" + file + "'");
  }

  /** Nested mappings become dotted keys, so {@code otlp: {port: 1}} is {@code otlp.port: 1}. */
  private void flatten(String prefix, Map<?, ?> map, String source) {
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      String key = prefix + entry.getKey();
      Object value = entry.getValue();
      if (key.equals(Setting.UPSTREAM_HEADERS.key()) && value instanceof Map<?, ?> headers) {
        raw.put(Setting.UPSTREAM_HEADERS, new RawValue(HeaderList.format(headers), source));
        continue;
      }
      if (key.equals(Setting.NODE_SERVICES.key()) && value instanceof Map<?, ?> services) {
        raw.put(Setting.NODE_SERVICES, new RawValue(NodeSettingsLoader.format(services), source));
        continue;
      }
      if (value instanceof Map<?, ?> nested) {
        flatten(key + ".", nested, source);
        continue;
      }
      Setting setting =
          Setting.byKey(key)
              .orElseThrow(
                  () ->
                      new SidecarConfigException(
                          "unknown setting '"
                              + key
                              + "' in "
                              + source
                              + "; known settings: "
                              + known(Setting::key)));
      if (value instanceof List<?> list
          && setting.acceptsList()
          && list.stream().allMatch(item -> item instanceof String || item instanceof Number)) {
        List<String> items = list.stream().map(String::valueOf).toList();
        raw.put(setting, new RawValue(String.join(" ", items), source, items));
        continue;
      }
      if (value == null || value instanceof List || value instanceof byte[]) {
        throw new SidecarConfigException(
            setting.key()
                + " in "
                + source
                + " is "
                + (value == null ? "empty" : kind(value))
                + ": expected "
                + setting.expected());
      }
      raw.put(setting, new RawValue(String.valueOf(value), source));
    }
  }

  private void readEnvironment() {
    env.forEach(
        (name, value) -> {
          if (!name.startsWith(Setting.ENV_PREFIX) || name.equals(CONFIG_ENV)) {
            return;
          }
          Setting setting =
              Setting.byEnvVar(name)
                  .orElseThrow(
                      () ->
                          new SidecarConfigException(
                              "unknown environment variable "
                                  + name
                                  + "; known: "
                                  + known(Setting::envVar)
                                  + ", "
                                  + CONFIG_ENV));
          raw.put(setting, new RawValue(value, "environment variable " + name));
        });
  }

  private void readFlags() {
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      if (flag.equals(CONFIG_FLAG)) {
        i += arg.contains("=") ? 0 : 1;
        continue;
      }
      if (!flag.startsWith("--")) {
        throw new SidecarConfigException(
            "unexpected argument '" + arg + "': settings are given as --name value");
      }
      Setting setting =
          Setting.byFlag(flag)
              .orElseThrow(
                  () ->
                      new SidecarConfigException(
                          "unknown flag "
                              + flag
                              + "; known flags: "
                              + known(Setting::flag)
                              + ", "
                              + CONFIG_FLAG));
      String value;
      if (setting == Setting.CONSOLE && !arg.contains("=")) {
        value = "true";
      } else {
        value = flagValue(i);
        i += arg.contains("=") ? 0 : 1;
      }
      raw.put(setting, new RawValue(value, RawValue.FLAG + flag));
    }
  }

  private String flagValue(int i) {
    String arg = args.get(i);
    if (arg.contains("=")) {
      return arg.substring(arg.indexOf('=') + 1);
    }
    if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
      throw new SidecarConfigException("flag " + arg + " needs a value");
    }
    return args.get(i + 1);
  }

  private static String known(Function<Setting, String> spelling) {
    return Arrays.stream(Setting.values()).map(spelling).collect(Collectors.joining(", "));
  }

  private static String kind(Object value) {
    return value instanceof List ? "list" : value.getClass().getSimpleName();
  }
}
