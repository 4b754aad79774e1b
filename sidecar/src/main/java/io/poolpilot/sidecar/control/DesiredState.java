package io.poolpilot.sidecar.control;

import io.poolpilot.sidecar.model.DesiredPool;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The whole desired state of one instance, as the sidecar answers it: a version, the hash of the
 * list and the list itself in canonical order. A pool that is not listed keeps the sizes its
 * application gave it.
 */
public record DesiredState(long version, String hash, List<DesiredPool> desired) {

  public DesiredState {
    Objects.requireNonNull(hash, "hash");
    List<DesiredPool> sorted = new ArrayList<>(desired);
    sorted.sort(DesiredPool.BY_POOL);
    desired = List.copyOf(sorted);
    if (version < 1) {
      throw new IllegalArgumentException("version " + version + " is below 1");
    }
  }
}
