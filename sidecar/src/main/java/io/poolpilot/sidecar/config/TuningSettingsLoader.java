package io.poolpilot.sidecar.config;

import io.poolpilot.sidecar.decision.TuningMode;
import io.poolpilot.sidecar.decision.TuningSettings;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
            ValueParsers::commaSeparated),
        raw.parse(
            Setting.TUNING_REQUEST_FLOOR, defaults.requestFloor(), ValueParsers::positiveWhole),
        raw.parseList(
            Setting.TUNING_FLOORS,
            defaults.floors(),
            TuningSettingsLoader::floors,
            ValueParsers::commaSeparated));
  }

  /**
   * {@code pool=threads} items; blank items are dropped like {@code tuning.include}'s, a pool named
   * twice is an error (which of the two was meant cannot be guessed). The pool name is everything
   * before the last {@code =}, so a name may itself hold one.
   */
  private static Map<String, Integer> floors(List<String> given) {
    Map<String, Integer> floors = new TreeMap<>();
    for (String item : given) {
      if (item.isBlank()) {
        continue;
      }
      int equals = item.lastIndexOf('=');
      if (equals <= 0) {
        throw new IllegalArgumentException(item);
      }
      String pool = item.substring(0, equals).strip();
      int threads = ValueParsers.positiveWhole(item.substring(equals + 1).strip());
      if (pool.isEmpty() || floors.put(pool, threads) != null) {
        throw new IllegalArgumentException(item);
      }
    }
    return floors;
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
