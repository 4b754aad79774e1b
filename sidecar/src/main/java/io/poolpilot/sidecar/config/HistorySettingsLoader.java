package io.poolpilot.sidecar.config;

import io.poolpilot.sidecar.model.HistorySettings;
import java.time.Duration;

/**
 * Loads {@code history.full-resolution}: how long each pool's history keeps one sample per export.
 * A sidecar per node for a thousand processes may keep less to fit a smaller heap.
 */
final class HistorySettingsLoader {

  private final RawSettings raw;

  HistorySettingsLoader(RawSettings raw) {
    this.raw = raw;
  }

  HistorySettings load() {
    return new HistorySettings(
        raw.parse(
            Setting.HISTORY_FULL_RESOLUTION,
            HistorySettings.DEFAULTS.fullResolution(),
            HistorySettingsLoader::fullResolution));
  }

  private static Duration fullResolution(String value) {
    return ValueParsers.durationWithin(
        value, HistorySettings.MIN_FULL_RESOLUTION, HistorySettings.MAX_FULL_RESOLUTION);
  }
}
