package io.poolpilot.agent.config;

import io.poolpilot.agent.config.ExportSettings.Signal;
import io.poolpilot.protocol.control.ControlProtocol;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The standard OpenTelemetry settings that mean something for PoolPilot, the weakest of the agent's
 * configuration sources: a PoolPilot key always wins ({@link AgentConfigLoader}). Each is read as
 * the OpenTelemetry Java agent reads it: the system property ({@code otel.exporter.otlp. endpoint})
 * over the environment variable ({@code OTEL_EXPORTER_OTLP_ENDPOINT}), a per-signal setting ({@code
 * ..._TRACES_HEADERS}) instead of the general one.
 *
 * <p>The sidecar is both the OTLP endpoint and the control endpoint, and its control loop needs
 * fresh metrics every few seconds. So a setting that would send metrics elsewhere, rarely or not at
 * all is not honoured, and said once with the reason: the agent is not the OpenTelemetry agent, and
 * silently doing something else than the setting says is what this class exists to end.
 *
 * <p>Where the OpenTelemetry Java agent runs in the same JVM, the export settings are its settings:
 * PoolPilot ignores them all and says so once. The settings that describe the service (name,
 * resource attributes, sampler) are honoured either way.
 */
final class OtelEnvironment {
  static final String ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";
  static final String TRACES_ENDPOINT = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";
  static final String METRICS_ENDPOINT = "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT";
  static final String HEADERS = "OTEL_EXPORTER_OTLP_HEADERS";
  static final String COMPRESSION = "OTEL_EXPORTER_OTLP_COMPRESSION";
  static final String PROTOCOL = "OTEL_EXPORTER_OTLP_PROTOCOL";
  static final String TIMEOUT = "OTEL_EXPORTER_OTLP_TIMEOUT";
  static final String METRIC_EXPORT_INTERVAL = "OTEL_METRIC_EXPORT_INTERVAL";
  static final String SDK_DISABLED = "OTEL_SDK_DISABLED";
  static final String TRACES_EXPORTER = "OTEL_TRACES_EXPORTER";
  static final String METRICS_EXPORTER = "OTEL_METRICS_EXPORTER";

  /** The settings of the export, which belong to the OpenTelemetry agent where it is attached. */
  static final List<String> EXPORT_SETTINGS =
      List.of(
          ENDPOINT,
          TRACES_ENDPOINT,
          METRICS_ENDPOINT,
          HEADERS,
          perSignal(HEADERS, "TRACES"),
          perSignal(HEADERS, "METRICS"),
          COMPRESSION,
          perSignal(COMPRESSION, "TRACES"),
          perSignal(COMPRESSION, "METRICS"),
          PROTOCOL,
          perSignal(PROTOCOL, "TRACES"),
          perSignal(PROTOCOL, "METRICS"),
          TIMEOUT,
          perSignal(TIMEOUT, "TRACES"),
          perSignal(TIMEOUT, "METRICS"),
          METRIC_EXPORT_INTERVAL,
          SDK_DISABLED,
          TRACES_EXPORTER,
          METRICS_EXPORTER);

  /** Shortest and longest export period honoured: the sidecar decides on seconds of telemetry. */
  static final Duration MIN_INTERVAL = Duration.ofMillis(100);

  static final Duration MAX_INTERVAL = Duration.ofSeconds(10);

  /** Headers the agent sends itself: an {@code OTEL_*} header never replaces them. */
  private static final Set<String> OWN_HEADERS =
      Set.of(
          "authorization",
          ControlProtocol.SESSION_HEADER.toLowerCase(Locale.ROOT),
          "content-type",
          "content-encoding",
          "content-length");

  /** A setting as the user gave it: the property or variable name, and its trimmed value. */
  record Setting(String name, String value) {
    @Override
    public String toString() {
      return name + "=" + value;
    }
  }

  private final Properties systemProperties;
  private final Map<String, String> environment;
  private final Consumer<String> notices;
  private final boolean shared;

  /**
   * @param otelAgentAttached asked only where an export setting is present, so a JVM without any
   *     pays nothing for the look-up
   * @param notices where each setting not honoured, and each bad value, is said once
   */
  OtelEnvironment(
      Properties systemProperties,
      Map<String, String> environment,
      BooleanSupplier otelAgentAttached,
      Consumer<String> notices) {
    this.systemProperties = systemProperties;
    this.environment = environment;
    this.notices = onceEach(notices);
    List<String> present = new ArrayList<>();
    for (String variable : EXPORT_SETTINGS) {
      Setting setting = get(variable);
      if (setting != null) {
        present.add(setting.name());
      }
    }
    this.shared = !present.isEmpty() && otelAgentAttached.getAsBoolean();
    if (shared) {
      this.notices.accept(
          "the OpenTelemetry Java agent is attached to this JVM, so "
              + String.join(", ", present)
              + " configure its export, not PoolPilot's: PoolPilot ignores them and exports to"
              + " its own endpoint; set endpoint, export.interval, token or token.file (agent"
              + " arguments, poolpilot.* or POOLPILOT_*) to change where and how often");
    }
  }

  /**
   * The setting named by its environment variable: the system property of the same name (lower
   * case, dots for underscores) where set, else the variable; null where neither is set or both are
   * blank.
   */
  Setting get(String variable) {
    String property = variable.toLowerCase(Locale.ROOT).replace('_', '.');
    String value = systemProperties.getProperty(property);
    if (value != null && !value.isBlank()) {
      return new Setting(property, value.trim());
    }
    value = environment.get(variable);
    if (value != null && !value.isBlank()) {
      return new Setting(variable, value.trim());
    }
    return null;
  }

  /** The value of a setting, or null. */
  String value(String variable) {
    Setting setting = get(variable);
    return setting == null ? null : setting.value();
  }

  /**
   * The sidecar's base URL from {@code OTEL_EXPORTER_OTLP_ENDPOINT}, or null where it is not set,
   * belongs to the OpenTelemetry agent, or is bad (reported, naming the setting).
   */
  URI endpoint(URI fallback) {
    Setting setting = exportSetting(ENDPOINT);
    if (setting == null) {
      return null;
    }
    try {
      return AgentConfigLoader.parseEndpoint(setting.value());
    } catch (RuntimeException e) {
      notices.accept(
          "bad value for "
              + setting.name()
              + ": '"
              + setting.value()
              + "'; expected an http:// or https:// URL with a host; using the default "
              + fallback);
      return null;
    }
  }

  /**
   * The metric export period from {@code OTEL_METRIC_EXPORT_INTERVAL} (milliseconds), where it is
   * from 100 ms to 10 s; null otherwise. Longer periods, the SDK's default of 60 s among them,
   * would leave the sidecar's control loop without fresh telemetry for most of its periods.
   */
  Duration exportInterval(Duration fallback) {
    Setting setting = exportSetting(METRIC_EXPORT_INTERVAL);
    if (setting == null) {
      return null;
    }
    long millis;
    try {
      millis = Long.parseLong(setting.value());
    } catch (NumberFormatException e) {
      millis = -1;
    }
    if (millis > MAX_INTERVAL.toMillis()) {
      notices.accept(
          setting
              + " is not honoured: the sidecar's control loop decides on telemetry a few seconds"
              + " old, and an export every "
              + Durations.format(Duration.ofMillis(millis))
              + " would starve it; PoolPilot exports every "
              + Durations.format(fallback)
              + "; set export.interval (poolpilot.export.interval or POOLPILOT_EXPORT_INTERVAL) to"
              + " change that");
      return null;
    }
    if (millis < MIN_INTERVAL.toMillis()) {
      notices.accept(
          "bad value for "
              + setting.name()
              + ": '"
              + setting.value()
              + "'; expected milliseconds from 100 to 10000; using the default "
              + Durations.format(fallback));
      return null;
    }
    return Duration.ofMillis(millis);
  }

  /** Headers, compression, the traces URL and the switches, each setting reported as needed. */
  ExportSettings export() {
    if (sdkDisabled()) {
      notices.accept(
          get(SDK_DISABLED)
              + ": PoolPilot exports no metrics and no spans, and the sidecar cannot tune this"
              + " service without telemetry; the control channel still runs, so pinned sizes"
              + " and the restore on expiry still apply");
      return new ExportSettings(false, false, null, Signal.PLAIN, Signal.PLAIN);
    }
    reportNotHonoured();
    return new ExportSettings(true, spans(), tracesUrl(), signal("METRICS"), signal("TRACES"));
  }

  /**
   * Whether spans are exported: {@code OTEL_TRACES_EXPORTER=none} turns them off; another exporter
   * than {@code otlp} is not one PoolPilot has.
   */
  private boolean spans() {
    Setting setting = exportSetting(TRACES_EXPORTER);
    if (setting == null) {
      return true;
    }
    Set<String> exporters = exporters(setting);
    if (exporters.equals(Set.of("none"))) {
      return false;
    }
    if (!exporters.equals(Set.of("otlp"))) {
      notices.accept(
          setting
              + " is not honoured: PoolPilot exports spans over OTLP only (otlp), or not at all"
              + " (none); exporting them over OTLP");
    }
    return true;
  }

  private void reportMetricsExporter() {
    Setting setting = exportSetting(METRICS_EXPORTER);
    if (setting != null && !exporters(setting).equals(Set.of("otlp"))) {
      notices.accept(
          setting
              + " is not honoured: the sidecar's control loop decides on PoolPilot's metrics, so"
              + " they always go over OTLP to the sidecar; set OTEL_SDK_DISABLED=true to export"
              + " nothing at all");
    }
  }

  private static Set<String> exporters(Setting setting) {
    Set<String> names = new TreeSet<>();
    for (String name : setting.value().split(",")) {
      if (!name.isBlank()) {
        names.add(name.trim().toLowerCase(Locale.ROOT));
      }
    }
    return names;
  }

  private boolean sdkDisabled() {
    Setting setting = exportSetting(SDK_DISABLED);
    if (setting == null) {
      return false;
    }
    String value = setting.value().toLowerCase(Locale.ROOT);
    if (!value.equals("true") && !value.equals("false")) {
      notices.accept(
          "bad value for "
              + setting.name()
              + ": '"
              + setting.value()
              + "'; expected true or false; exporting telemetry");
    }
    return value.equals("true");
  }

  private void reportNotHonoured() {
    reportMetricsExporter();
    Setting metricsEndpoint = exportSetting(METRICS_ENDPOINT);
    if (metricsEndpoint != null) {
      notices.accept(
          metricsEndpoint.name()
              + " is not honoured: metrics go to the sidecar that answers the control polls,"
              + " at endpoint (or "
              + ENDPOINT
              + ")");
    }
    for (String protocol :
        List.of(PROTOCOL, perSignal(PROTOCOL, "TRACES"), perSignal(PROTOCOL, "METRICS"))) {
      Setting setting = exportSetting(protocol);
      if (setting != null && !setting.value().equalsIgnoreCase("http/protobuf")) {
        notices.accept(
            setting
                + " is not honoured: PoolPilot speaks OTLP/HTTP protobuf (http/protobuf) to the"
                + " sidecar");
      }
    }
    for (String timeout :
        List.of(TIMEOUT, perSignal(TIMEOUT, "TRACES"), perSignal(TIMEOUT, "METRICS"))) {
      Setting setting = exportSetting(timeout);
      if (setting != null) {
        notices.accept(
            setting.name()
                + " is not honoured: PoolPilot bounds each export by its export.interval (five"
                + " periods, at most 10s), so a slow sidecar never holds up later exports");
      }
    }
  }

  /** The full URL spans go to, used as given, as the OpenTelemetry specification says. */
  private URI tracesUrl() {
    Setting setting = exportSetting(TRACES_ENDPOINT);
    if (setting == null) {
      return null;
    }
    URI url;
    try {
      url = AgentConfigLoader.parseEndpoint(setting.value());
    } catch (RuntimeException e) {
      notices.accept(
          "bad value for "
              + setting.name()
              + ": '"
              + setting.value()
              + "'; expected an http:// or https:// URL with a host; sending spans to the"
              + " endpoint's /v1/traces");
      return null;
    }
    notices.accept(
        setting
            + ": spans go there, not to the sidecar, and without the sidecar's token; the"
            + " sidecar finds the pools that serve requests by their server spans, so it then"
            + " tunes only the pools its tuning.include names");
    return url;
  }

  /** Headers and compression of one signal, the per-signal setting instead of the general one. */
  private Signal signal(String signal) {
    Setting headers = either(perSignal(HEADERS, signal), HEADERS);
    Map<String, String> parsed = new LinkedHashMap<>();
    if (headers != null) {
      parsed.putAll(OtlpHeaders.parse(headers.name(), headers.value(), notices));
      dropOwnHeaders(headers.name(), parsed);
    }
    return new Signal(parsed, gzip(either(perSignal(COMPRESSION, signal), COMPRESSION)));
  }

  private void dropOwnHeaders(String setting, Map<String, String> headers) {
    Set<String> dropped = new TreeSet<>();
    headers
        .keySet()
        .removeIf(name -> OWN_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && dropped.add(name));
    if (!dropped.isEmpty()) {
      notices.accept(
          setting
              + " sets "
              + String.join(", ", dropped)
              + ", which PoolPilot sets itself (the sidecar's token and this JVM's session, the"
              + " body's type and encoding): not sent; give the token as token or token.file");
    }
  }

  private boolean gzip(Setting compression) {
    if (compression == null) {
      return false;
    }
    switch (compression.value().toLowerCase(Locale.ROOT)) {
      case "gzip":
        return true;
      case "none":
        return false;
      default:
        notices.accept(
            "bad value for "
                + compression.name()
                + ": '"
                + compression.value()
                + "'; expected gzip or none; sending uncompressed");
        return false;
    }
  }

  private Setting either(String specific, String general) {
    Setting setting = exportSetting(specific);
    return setting != null ? setting : exportSetting(general);
  }

  /** An export setting, or null where none is given or the OpenTelemetry agent owns them all. */
  Setting exportSetting(String variable) {
    return shared ? null : get(variable);
  }

  /** A general setting applies to both signals: what it gets wrong is still said once. */
  private static Consumer<String> onceEach(Consumer<String> notices) {
    Set<String> said = new java.util.HashSet<>();
    return line -> {
      if (said.add(line)) {
        notices.accept(line);
      }
    };
  }

  static String perSignal(String general, String signal) {
    return general.replace("OTEL_EXPORTER_OTLP_", "OTEL_EXPORTER_OTLP_" + signal + "_");
  }
}
