package io.poolpilot.sidecar.node;

import io.poolpilot.tuning.node.NodeAllocation;
import io.poolpilot.tuning.node.NodeProcessors;
import io.poolpilot.tuning.node.ServiceShare;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * One period of the node budget as {@code /api/node} shows it: the node and each service's need,
 * share, use and the cap in force (the one published after the journal took it).
 *
 * @param machineUsedCores the machine's busy processors, services included
 */
public record NodeSample(
    Instant at,
    int processors,
    double machineUsedCores,
    double availableCores,
    double reservedCores,
    boolean contended,
    List<Service> services) {

  public NodeSample {
    services = List.copyOf(services);
  }

  /** One service in one period; {@code cap} empty when uncapped. */
  public record Service(
      String service,
      String serviceClass,
      int weight,
      double needCores,
      double shareCores,
      double usedCores,
      OptionalInt cap,
      List<String> cappedFor) {

    public Service {
      cappedFor = List.copyOf(cappedFor);
    }
  }

  static NodeSample of(
      Instant at, NodeProcessors node, NodeAllocation allocation, Map<String, Integer> caps) {
    List<Service> services =
        allocation.shares().stream()
            .map(
                (ServiceShare share) -> {
                  Integer cap = caps.get(share.service());
                  return new Service(
                      share.service(),
                      share.serviceClass().label(),
                      share.weight(),
                      share.needCores(),
                      share.shareCores(),
                      share.usedCores(),
                      cap == null ? OptionalInt.empty() : OptionalInt.of(cap),
                      cap == null ? List.of() : share.cappedFor());
                })
            .toList();
    return new NodeSample(
        at,
        node.processors(),
        node.machineUsedCores(),
        allocation.availableCores(),
        allocation.reservedCores(),
        allocation.contended(),
        services);
  }
}
