package io.poolpilot.tuning.node;

import java.util.List;
import java.util.Optional;

/**
 * How a node's processors were shared in one period.
 *
 * @param processors the node's processors
 * @param availableCores what the services may share: the processors less what processes outside
 *     them (the sidecar, a log shipper) use
 * @param reservedCores what the services claim together
 * @param contended whether the claims exceed the processors (or did, and have not yet fallen far
 *     enough for long enough to lift the caps)
 * @param shares each service's share, in the order of the loads given
 */
public record NodeAllocation(
    int processors,
    double availableCores,
    double reservedCores,
    boolean contended,
    List<ServiceShare> shares) {

  public NodeAllocation {
    shares = List.copyOf(shares);
  }

  public Optional<ServiceShare> share(String service) {
    return shares.stream().filter(s -> s.service().equals(service)).findFirst();
  }

  /** Whether any service is capped. */
  public boolean capsAny() {
    return shares.stream().anyMatch(ServiceShare::capped);
  }
}
