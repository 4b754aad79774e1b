package io.poolpilot.sidecar.model;

import java.util.List;
import java.util.Objects;

/** The recent samples of one pool of one process, oldest first. */
public record PoolHistory(PoolKey key, List<PoolSample> samples) {

  public PoolHistory {
    Objects.requireNonNull(key, "key");
    samples = List.copyOf(samples);
  }
}
