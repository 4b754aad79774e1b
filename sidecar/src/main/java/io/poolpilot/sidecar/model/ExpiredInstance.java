package io.poolpilot.sidecar.model;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * A process the model forgot because it stopped reporting, with how long it had been silent and the
 * names of the pools the model knew of it.
 */
public record ExpiredInstance(InstanceKey key, Duration silentFor, Set<String> pools) {

  public ExpiredInstance {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(silentFor, "silentFor");
    pools = Set.copyOf(pools);
  }
}
