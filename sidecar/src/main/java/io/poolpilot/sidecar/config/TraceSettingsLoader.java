package io.poolpilot.sidecar.config;

import io.poolpilot.sidecar.model.TraceSettings;

/**
 * Loads the {@code traces.*} settings: what the trace buffer keeps for the page. A per-node sidecar
 * receives thousands of spans a second; these bound the share of them the page holds, not what is
 * forwarded.
 */
final class TraceSettingsLoader {

  private final RawSettings raw;

  TraceSettingsLoader(RawSettings raw) {
    this.raw = raw;
  }

  TraceSettings load() {
    TraceSettings defaults = TraceSettings.DEFAULTS;
    return new TraceSettings(
        raw.parse(Setting.TRACES_BUFFER, defaults.maxBytes(), TraceSettingsLoader::buffer),
        raw.parse(
            Setting.TRACES_PER_SECOND, defaults.spansPerSecond(), ValueParsers::positiveWhole));
  }

  private static long buffer(String value) {
    long bytes = ValueParsers.bytes(value);
    if (bytes < TraceSettings.MIN_BYTES || bytes > TraceSettings.MAX_BYTES) {
      throw new IllegalArgumentException(value);
    }
    return bytes;
  }
}
