package io.poolpilot.sidecar.config;

import io.poolpilot.sidecar.decision.TuningMode;
import io.poolpilot.sidecar.decision.TuningSettings;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Loads the {@code tuning.*} settings. */
final class TuningSettingsLoader {

  private final RawSettings raw;

  TuningSettingsLoader(RawSettings raw) {
    this.raw = raw;
  }

  TuningSettings load() {
    TuningSettings defaults = TuningSettings.DEFAULTS;
    return new TuningSettings(
        raw.parse(Setting.TUNING_MODE, defaults.mode(), TuningSettingsLoader::mode),
        raw.parseList(
            Setting.TUNING_INCLUDE,
            defaults.include(),
            TuningSettingsLoader::poolNames,
            ValueParsers::commaSeparated));
  }

  private static TuningMode mode(String value) {
    return TuningMode.parse(value).orElseThrow(() -> new IllegalArgumentException(value));
  }

  /** Blank names are dropped, so that a trailing comma does not name an empty pool. */
  private static Set<String> poolNames(List<String> given) {
    Set<String> names = new TreeSet<>();
    for (String name : given) {
      if (!name.isBlank()) {
        names.add(name.strip());
      }
    }
    return names;
  }
}
