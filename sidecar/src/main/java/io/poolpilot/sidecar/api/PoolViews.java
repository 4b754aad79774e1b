package io.poolpilot.sidecar.api;

import io.poolpilot.sidecar.control.ControlService;
import io.poolpilot.sidecar.model.AgentReport;
import io.poolpilot.sidecar.model.DesiredPool;
import io.poolpilot.sidecar.model.InstanceKey;
import io.poolpilot.sidecar.model.InstanceSnapshot;
import io.poolpilot.sidecar.model.PoolKey;
import io.poolpilot.sidecar.model.PoolSizes;
import io.poolpilot.sidecar.model.PoolSnapshot;
import io.poolpilot.sidecar.model.ReportedPool;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Joins telemetry snapshots, control messages and pins into one {@link PoolView} per pool. */
final class PoolViews {

  private PoolViews() {}

  /** One view per pool known from either source, ordered by service, pool, then instance. */
  static List<PoolView> join(
      List<PoolSnapshot> snapshots,
      List<InstanceSnapshot> instances,
      Map<String, Map<String, PoolSizes>> pins) {
    Map<PoolKey, PoolSnapshot> telemetry = new HashMap<>();
    snapshots.forEach(snapshot -> telemetry.put(snapshot.key(), snapshot));
    Map<InstanceKey, AgentReport> agents = new HashMap<>();
    instances.forEach(instance -> instance.agent().ifPresent(a -> agents.put(instance.key(), a)));

    Map<PoolKey, PoolView> views = new TreeMap<>();
    for (PoolKey key : telemetry.keySet()) {
      views.put(key, view(key, telemetry, agents, pins));
    }
    agents.forEach(
        (instance, agent) ->
            agent
                .pools()
                .forEach(
                    pool -> {
                      PoolKey key =
                          new PoolKey(instance.service(), instance.instance(), pool.name());
                      views.computeIfAbsent(key, k -> view(k, telemetry, agents, pins));
                    }));
    return List.copyOf(new ArrayList<>(views.values()));
  }

  private static PoolView view(
      PoolKey key,
      Map<PoolKey, PoolSnapshot> telemetry,
      Map<InstanceKey, AgentReport> agents,
      Map<String, Map<String, PoolSizes>> pins) {
    Optional<AgentReport> agent = Optional.ofNullable(agents.get(InstanceKey.of(key)));
    Map<String, PoolSizes> servicePins = pins.getOrDefault(key.service(), Map.of());
    Optional<PoolSizes> desired =
        agent.flatMap(
            a -> {
              Set<String> names =
                  a.pools().stream().map(ReportedPool::name).collect(Collectors.toSet());
              return ControlService.desired(servicePins, names).stream()
                  .filter(pool -> pool.pool().equals(key.pool()))
                  .map(DesiredPool::sizes)
                  .findFirst();
            });
    return new PoolView(
        key,
        agent.isPresent(),
        Optional.ofNullable(telemetry.get(key)),
        agent.flatMap(a -> a.pool(key.pool())),
        agent.flatMap(a -> a.result(key.pool())),
        agent.map(AgentReport::appliedVersion).orElse(0L),
        Optional.ofNullable(servicePins.get(key.pool())),
        desired);
  }
}
