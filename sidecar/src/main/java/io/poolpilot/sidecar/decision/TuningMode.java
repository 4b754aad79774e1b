package io.poolpilot.sidecar.decision;

import java.util.Locale;
import java.util.Optional;

/** The setting {@code tuning.mode}: what the sidecar does with the tuner's decisions. */
public enum TuningMode {
  /** The tuner's sizes go into the desired state, under the pins. */
  AUTO,
  /** The tuner runs and its decisions are journaled, but the desired state does not change. */
  RECOMMEND,
  /** The tuner does not run. */
  OFF;

  /** The setting's spelling: {@code auto}, {@code recommend} or {@code off}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The mode spelled {@code text}, ignoring case and surrounding blanks. */
  public static Optional<TuningMode> parse(String text) {
    String key = text.strip().toLowerCase(Locale.ROOT);
    for (TuningMode mode : values()) {
      if (mode.key().equals(key)) {
        return Optional.of(mode);
      }
    }
    return Optional.empty();
  }
}
