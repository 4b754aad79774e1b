package io.poolpilot.sidecar.model;

import java.time.Duration;
import java.util.Objects;

/** A process the model forgot because it stopped reporting, with how long it had been silent. */
public record ExpiredInstance(InstanceKey key, Duration silentFor, int pools) {

  public ExpiredInstance {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(silentFor, "silentFor");
  }
}
