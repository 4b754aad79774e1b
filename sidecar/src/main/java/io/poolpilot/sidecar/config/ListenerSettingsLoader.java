package io.poolpilot.sidecar.config;

import io.poolpilot.sidecar.auth.BearerToken;
import java.time.Duration;

/**
 * Loads the settings outside any section: where the two listeners bind, the console, the data
 * directory and token, and the control timings. The checks across settings live here, not only in
 * {@link SidecarConfig}'s constructor, so that their errors name the settings as the operator wrote
 * them.
 */
final class ListenerSettingsLoader {

  private final RawSettings raw;

  ListenerSettingsLoader(RawSettings raw) {
    this.raw = raw;
  }

  /** These settings on the default sections, which {@link SidecarConfigLoader} replaces. */
  SidecarConfig load() {
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
              + given(Setting.INSTANCE_EXPIRY, "2m")
              + " is not longer than "
              + Setting.CONTROL_POLL_INTERVAL.key()
              + " "
              + given(Setting.CONTROL_POLL_INTERVAL, "1s")
              + ": expected an expiry of several poll intervals, so a live agent never expires");
    }
    return new SidecarConfig(
        bind,
        otlpPort,
        apiPort,
        raw.parse(Setting.CONSOLE, defaults.console(), ValueParsers::bool),
        raw.parse(Setting.CONSOLE_INTERVAL, defaults.consoleInterval(), ValueParsers::duration),
        raw.parse(Setting.DATA_DIR, defaults.dataDir(), ValueParsers::path),
        raw.parseOptional(Setting.TOKEN, BearerToken::new),
        raw.parseOptional(Setting.TOKEN_FILE, ValueParsers::path),
        instanceExpiry,
        pollInterval,
        defaults.upstream(),
        defaults.tuning(),
        defaults.capacity());
  }

  /** The value as the operator wrote it, or the default in the same notation. */
  private String given(Setting setting, String defaultValue) {
    return raw.get(setting).map(RawValue::value).orElse(defaultValue);
  }

  private static Duration pollInterval(String value) {
    Duration interval = ValueParsers.duration(value);
    if (interval.compareTo(SidecarConfig.MIN_POLL_INTERVAL) < 0
        || interval.compareTo(SidecarConfig.MAX_POLL_INTERVAL) > 0) {
      throw new IllegalArgumentException(value);
    }
    return interval;
  }
}
