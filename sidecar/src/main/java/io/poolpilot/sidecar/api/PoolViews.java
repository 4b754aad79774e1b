package io.poolpilot.sidecar.api;

import io.poolpilot.protocol.control.AgentReport;
import io.poolpilot.protocol.control.DesiredPool;
import io.poolpilot.protocol.control.PoolSizes;
import io.poolpilot.sidecar.model.InstanceKey;
import io.poolpilot.sidecar.model.PoolKey;
import io.poolpilot.sidecar.model.PoolSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Joins telemetry snapshots, control reports, pins and the decision loops' desired states into one
 * {@link PoolView} per pool.
 */
final class PoolViews {

  private PoolViews() {}

  /**
   * One view per pool known from either source, ordered by service, pool, then instance.
   *
   * @param desired what each instance's next poll would be answered
   */
  static List<PoolView> join(
      List<PoolSnapshot> snapshots,
      Map<InstanceKey, AgentReport> agents,
      Map<String, Map<String, PoolSizes>> pins,
      Function<InstanceKey, List<DesiredPool>> desired) {
    Map<PoolKey, PoolSnapshot> telemetry = new HashMap<>();
    snapshots.forEach(snapshot -> telemetry.put(snapshot.key(), snapshot));
    Map<InstanceKey, List<DesiredPool>> desiredByInstance = new HashMap<>();
    Map<PoolKey, PoolView> views = new TreeMap<>();
    Function<PoolKey, PoolView> view =
        key ->
            view(
                key,
                telemetry,
                agents,
                pins,
                desiredByInstance.computeIfAbsent(InstanceKey.of(key), desired));
    for (PoolKey key : telemetry.keySet()) {
      views.put(key, view.apply(key));
    }
    agents.forEach(
        (instance, agent) ->
            agent
                .pools()
                .forEach(
                    pool ->
                        views.computeIfAbsent(
                            new PoolKey(instance.service(), instance.instance(), pool.name()),
                            view)));
    return List.copyOf(new ArrayList<>(views.values()));
  }

  private static PoolView view(
      PoolKey key,
      Map<PoolKey, PoolSnapshot> telemetry,
      Map<InstanceKey, AgentReport> agents,
      Map<String, Map<String, PoolSizes>> pins,
      List<DesiredPool> desired) {
    Optional<AgentReport> agent = Optional.ofNullable(agents.get(InstanceKey.of(key)));
    Map<String, PoolSizes> servicePins = pins.getOrDefault(key.service(), Map.of());
    Optional<PoolSizes> desiredSizes =
        desired.stream()
            .filter(pool -> pool.pool().equals(key.pool()))
            .map(DesiredPool::sizes)
            .findFirst();
    return new PoolView(
        key,
        agent.isPresent(),
        Optional.ofNullable(telemetry.get(key)),
        agent.flatMap(a -> a.pool(key.pool())),
        agent.flatMap(a -> a.result(key.pool())),
        agent.map(AgentReport::appliedVersion).orElse(0L),
        Optional.ofNullable(servicePins.get(key.pool())),
        desiredSizes);
  }
}
