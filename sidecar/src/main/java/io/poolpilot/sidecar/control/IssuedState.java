package io.poolpilot.sidecar.control;

import io.poolpilot.protocol.control.DesiredPool;
import io.poolpilot.protocol.control.DesiredState;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The desired state last issued to one instance: a version, the hash of the list and the list in
 * canonical order. A pool that is not listed keeps the sizes its application gave it.
 */
public record IssuedState(long version, String hash, List<DesiredPool> desired) {

  public IssuedState {
    Objects.requireNonNull(hash, "hash");
    List<DesiredPool> sorted = new java.util.ArrayList<>(desired);
    sorted.sort(DesiredPool.BY_POOL);
    desired = List.copyOf(sorted);
    if (version < 1) {
      throw new IllegalArgumentException("version " + version + " is below 1");
    }
  }

  /** The answer that carries this state, telling the agent to poll every {@code pollInterval}. */
  public DesiredState answer(Duration pollInterval) {
    return new DesiredState(version, hash, desired, Optional.of(pollInterval));
  }
}
