package io.poolpilot.protocol.control;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The sidecar's answer: the whole desired state of one instance, versioned. A pool that is not
 * listed keeps the sizes its application gave it, so applying the same state twice changes nothing.
 *
 * @param version strictly increasing per instance, across sidecar restarts
 * @param hash {@link DesiredStateHash} of {@code desired}; equal hashes mean equal states
 * @param desired the entries in canonical order ({@link DesiredPool#BY_POOL})
 * @param pollInterval how often the sidecar wants the agent to poll; empty where it did not say
 */
public record DesiredState(
    long version, String hash, List<DesiredPool> desired, Optional<Duration> pollInterval) {

  public DesiredState {
    Checks.text("hash", hash);
    Objects.requireNonNull(pollInterval, "pollInterval");
    Checks.notNegative("version", version);
    List<DesiredPool> sorted = new ArrayList<>(desired);
    sorted.sort(DesiredPool.BY_POOL);
    Set<String> names = new HashSet<>();
    for (DesiredPool pool : sorted) {
      if (!names.add(pool.pool())) {
        throw new IllegalArgumentException("pool '" + pool.pool() + "' is desired twice");
      }
    }
    desired = List.copyOf(sorted);
  }
}
