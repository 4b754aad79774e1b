package io.poolpilot.sidecar.decision;

import java.util.Objects;
import java.util.Set;

/**
 * The tuning settings: {@code tuning.mode} and {@code tuning.include}, the names of pools tuned
 * although no request runs on them.
 */
public record TuningSettings(TuningMode mode, Set<String> include) {

  /** {@code auto}, nothing included beyond the pools that serve requests. */
  public static final TuningSettings DEFAULTS = new TuningSettings(TuningMode.AUTO, Set.of());

  public TuningSettings {
    Objects.requireNonNull(mode, "mode");
    include = Set.copyOf(include);
  }
}
