package io.poolpilot.sidecar.config;

import io.poolpilot.sidecar.auth.BearerToken;
import io.poolpilot.sidecar.auth.HostHeaderCheck;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Loads the settings outside any section: where the two listeners bind and which names they answer
 * to, the console, the data directory and token, and the control timings. The checks across
 * settings live here, not only in {@link SidecarConfig}'s constructor, so that their errors name
 * the settings as the operator wrote them.
 */
final class ListenerSettingsLoader {

  private final RawSettings raw;

  ListenerSettingsLoader(RawSettings raw) {
    this.raw = raw;
  }

  /** {@link #load(Consumer)}, dropping its warnings. */
  ListenerSettings load() {
    return load(warning -> {});
  }

  /**
   * These settings, which {@link SidecarConfigLoader} completes with the sections.
   *
   * @param warnings told when the token was given as a flag, which other users see in {@code ps}
   */
  ListenerSettings load(Consumer<String> warnings) {
    SidecarConfig defaults = SidecarConfig.DEFAULTS;
    String bind = raw.parse(Setting.BIND, defaults.bind(), ValueParsers::host);
    int otlpPort = raw.parse(Setting.OTLP_PORT, defaults.otlpPort(), ValueParsers::port);
    int apiPort = raw.parse(Setting.API_PORT, defaults.apiPort(), ValueParsers::port);
    if (otlpPort != 0 && otlpPort == apiPort) {
      throw new SidecarConfigException(
          Setting.OTLP_PORT.key()
              + " and "
              + Setting.API_PORT.key()
              + " are both "
              + otlpPort
              + ": expected two different ports");
    }
    Duration pollInterval =
        raw.parse(
            Setting.CONTROL_POLL_INTERVAL,
            defaults.pollInterval(),
            ListenerSettingsLoader::pollInterval);
    Duration instanceExpiry =
        raw.parse(Setting.INSTANCE_EXPIRY, defaults.instanceExpiry(), ValueParsers::duration);
    if (instanceExpiry.compareTo(pollInterval) <= 0) {
      throw new SidecarConfigException(
          Setting.INSTANCE_EXPIRY.key()
              + " "
              + given(Setting.INSTANCE_EXPIRY, defaults.instanceExpiry())
              + " is not longer than "
              + Setting.CONTROL_POLL_INTERVAL.key()
              + " "
              + given(Setting.CONTROL_POLL_INTERVAL, defaults.pollInterval())
              + ": expected an expiry of several poll intervals, so a live agent never expires");
    }
    List<String> allowedHosts =
        raw.parseList(
            Setting.ALLOWED_HOSTS,
            defaults.allowedHosts(),
            ListenerSettingsLoader::hostNames,
            ValueParsers::commaSeparated);
    raw.get(Setting.TOKEN)
        .filter(RawValue::fromFlag)
        .ifPresent(
            flag ->
                warnings.accept(
                    "the token was given as the flag "
                        + Setting.TOKEN.flag()
                        + ", which every user of this machine can read in the process list (ps);"
                        + " give it as the environment variable "
                        + Setting.TOKEN.envVar()
                        + ", or in a file named by "
                        + Setting.TOKEN_FILE.key()
                        + " ("
                        + Setting.TOKEN_FILE.envVar()
                        + ")"));
    return new ListenerSettings(
        bind,
        otlpPort,
        apiPort,
        allowedHosts,
        raw.parse(Setting.CONSOLE, defaults.console(), ValueParsers::bool),
        raw.parse(Setting.CONSOLE_INTERVAL, defaults.consoleInterval(), ValueParsers::duration),
        raw.parse(Setting.DATA_DIR, defaults.dataDir(), ValueParsers::path),
        raw.parseOptional(Setting.TOKEN, BearerToken::new),
        raw.parseOptional(Setting.TOKEN_FILE, ValueParsers::path),
        instanceExpiry,
        pollInterval);
  }

  /** The value as the operator wrote it, or the default in the same notation. */
  private String given(Setting setting, Duration defaultValue) {
    return raw.get(setting).map(RawValue::value).orElse(SettingText.duration(defaultValue));
  }

  /** Blank entries are dropped, so that a trailing comma is no error. */
  private static List<String> hostNames(List<String> entries) {
    return entries.stream()
        .filter(entry -> !entry.isBlank())
        .map(HostHeaderCheck::allowedName)
        .distinct()
        .toList();
  }

  private static Duration pollInterval(String value) {
    return ValueParsers.durationWithin(
        value, SidecarConfig.MIN_POLL_INTERVAL, SidecarConfig.MAX_POLL_INTERVAL);
  }
}
