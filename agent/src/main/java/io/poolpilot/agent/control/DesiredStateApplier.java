package io.poolpilot.agent.control;

import io.poolpilot.agent.bootstrap.PoolProbe;
import io.poolpilot.agent.pool.NamedPool;
import io.poolpilot.agent.pool.PoolRegistry;
import io.poolpilot.agent.pool.PoolResizer;
import io.poolpilot.protocol.control.ApplyResult;
import io.poolpilot.protocol.control.DesiredPool;
import io.poolpilot.protocol.control.DesiredState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Makes the live pools match a desired state. The state is complete, not a change: listed pools get
 * their sizes, pools the agent resized earlier that are no longer listed get the sizes their
 * application gave them back.
 *
 * <p>The state is then kept: a listed pool that appears later (its first thread had not run), or
 * that the application rebuilt under the same name, is sized as soon as it is seen. A pool is sized
 * once per pool object, so a change the application makes to it afterwards is not fought every
 * poll.
 */
final class DesiredStateApplier {
  private final PoolRegistry registry;
  private final PoolResizer resizer;
  private List<DesiredPool> desired = List.of();
  private final Map<String, PoolProbe> sizedPool = new HashMap<>();

  DesiredStateApplier(PoolRegistry registry, PoolResizer resizer) {
    this.registry = registry;
    this.resizer = resizer;
  }

  /** Applies {@code state}; returns what happened to each pool it touched. */
  List<ApplyResult> apply(DesiredState state) {
    desired = state.desired();
    sizedPool.clear();
    Map<String, NamedPool> live = livePools();
    List<ApplyResult> results = new ArrayList<>();
    for (DesiredPool wanted : desired) {
      if (!live.containsKey(wanted.pool())) {
        results.add(resizer.resize(wanted.pool(), wanted.sizes()));
      }
    }
    results.addAll(reconcile(live));
    Set<String> listed = desired.stream().map(DesiredPool::pool).collect(Collectors.toSet());
    for (NamedPool pool : live.values()) {
      if (!listed.contains(pool.name()) && pool.probe().originalSizes() != null) {
        results.add(resizer.restore(pool.name()));
      }
    }
    return results;
  }

  /** Sizes listed pools that have appeared, or been rebuilt, since they were last sized. */
  List<ApplyResult> reconcile() {
    return reconcile(livePools());
  }

  private List<ApplyResult> reconcile(Map<String, NamedPool> live) {
    List<ApplyResult> results = new ArrayList<>();
    for (DesiredPool wanted : desired) {
      NamedPool pool = live.get(wanted.pool());
      if (pool == null || sizedPool.get(wanted.pool()) == pool.probe()) {
        continue;
      }
      results.add(resizer.resize(wanted.pool(), wanted.sizes()));
      sizedPool.put(wanted.pool(), pool.probe());
    }
    return results;
  }

  /** Gives every pool the agent resized its own sizes back, and forgets the desired state. */
  List<ApplyResult> restoreAll() {
    desired = List.of();
    sizedPool.clear();
    return resizer.restoreAll();
  }

  private Map<String, NamedPool> livePools() {
    return registry.pools().stream()
        .collect(Collectors.toMap(NamedPool::name, Function.identity(), (a, b) -> a));
  }
}
