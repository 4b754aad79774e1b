package io.poolpilot.sidecar.config;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The raw values of one start-up, the strongest source already chosen for each setting. Section
 * loaders read only through here, so that every bad value is reported in the same shape: the
 * setting, its value (unless secret), its source and what was expected.
 */
final class RawSettings {

  private final Map<Setting, RawValue> values;

  RawSettings(EnumMap<Setting, RawValue> values) {
    this.values = Collections.unmodifiableMap(new EnumMap<>(values));
  }

  Optional<RawValue> get(Setting setting) {
    return Optional.ofNullable(values.get(setting));
  }

  /**
   * The setting's trimmed value through {@code parser}, or {@code fallback} when it is not set.
   *
   * @throws SidecarConfigException when {@code parser} throws anything; it keeps what was thrown as
   *     its cause, unless the setting is secret (a parser's message may quote the value)
   * @throws IllegalStateException for a setting YAML may give as a list, which {@link #parseList}
   *     reads
   */
  <T> T parse(Setting setting, T fallback, Function<String, T> parser) {
    if (setting.acceptsList()) {
      throw new IllegalStateException(setting + " may be a YAML list: read it with parseList");
    }
    return parseGiven(setting, fallback, given -> parser.apply(given.value().trim()));
  }

  /** Like {@link #parse}, for a setting without a default: empty when not set. */
  <T> Optional<T> parseOptional(Setting setting, Function<String, T> parser) {
    return parse(setting, Optional.empty(), value -> Optional.of(parser.apply(value)));
  }

  /**
   * Like {@link #parse}, for a setting YAML may give as a list; text (flag, variable, YAML scalar)
   * is trimmed and split by {@code split}.
   *
   * @throws IllegalStateException for a setting not declared {@link Setting.Trait#LIST}, which
   *     {@link SettingSources} would not have kept as a list
   */
  <T> T parseList(
      Setting setting,
      T fallback,
      Function<List<String>, T> parser,
      Function<String, List<String>> split) {
    if (!setting.acceptsList()) {
      throw new IllegalStateException(setting + " is not declared a list: read it with parse");
    }
    return parseGiven(
        setting,
        fallback,
        given ->
            parser.apply(
                given.items() != null ? given.items() : split.apply(given.value().trim())));
  }

  private <T> T parseGiven(Setting setting, T fallback, Function<RawValue, T> parser) {
    RawValue given = values.get(setting);
    if (given == null) {
      return fallback;
    }
    try {
      return parser.apply(given);
    } catch (RuntimeException e) {
      throw new SidecarConfigException(
          "invalid "
              + setting.key()
              + " '"
              + (setting.secret() ? "(secret, not shown)" : given.value())
              + "' (from "
              + given.source()
              + "): expected "
              + setting.expected(),
          setting.secret() ? null : e);
    }
  }
}
