package io.poolpilot.agent.control;

import io.poolpilot.agent.control.ControlMessages.DesiredPool;
import io.poolpilot.agent.control.ControlMessages.DesiredState;
import io.poolpilot.agent.pool.NamedPool;
import io.poolpilot.agent.pool.PoolRegistry;
import io.poolpilot.agent.pool.PoolResizer;
import io.poolpilot.agent.pool.ResizeResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Makes the live pools match a desired state. The state is complete, not a change: listed pools get
 * their sizes, pools the agent resized earlier that are no longer listed get the sizes their
 * application gave them back. A listed pool that does not exist yet (its first thread has not run)
 * is remembered and sized as soon as it appears.
 */
final class DesiredStateApplier {
  private final PoolRegistry registry;
  private final PoolResizer resizer;
  private final Map<String, DesiredPool> waitingForPool = new LinkedHashMap<>();

  DesiredStateApplier(PoolRegistry registry, PoolResizer resizer) {
    this.registry = registry;
    this.resizer = resizer;
  }

  /** Applies {@code state}; returns what happened to each pool it touched. */
  List<ResizeResult> apply(DesiredState state) {
    waitingForPool.clear();
    Set<String> live = registry.pools().stream().map(NamedPool::name).collect(Collectors.toSet());
    List<ResizeResult> results = new ArrayList<>();
    for (DesiredPool desired : state.desired()) {
      if (!live.contains(desired.pool())) {
        waitingForPool.put(desired.pool(), desired);
      }
      results.add(resizer.resize(desired.pool(), desired.core(), desired.max()));
    }
    Set<String> listed =
        state.desired().stream().map(DesiredPool::pool).collect(Collectors.toSet());
    for (NamedPool pool : registry.pools()) {
      if (!listed.contains(pool.name()) && pool.probe().originalSizes() != null) {
        results.add(resizer.restore(pool.name()));
      }
    }
    return results;
  }

  /** Sizes pools of the current state that have appeared since it was applied. */
  List<ResizeResult> applyToNewPools() {
    if (waitingForPool.isEmpty()) {
      return List.of();
    }
    Set<String> live = registry.pools().stream().map(NamedPool::name).collect(Collectors.toSet());
    List<ResizeResult> results = new ArrayList<>();
    waitingForPool
        .values()
        .removeIf(
            desired -> {
              if (!live.contains(desired.pool())) {
                return false;
              }
              results.add(resizer.resize(desired.pool(), desired.core(), desired.max()));
              return true;
            });
    return results;
  }

  /** Gives every pool the agent resized its own sizes back, and forgets the desired state. */
  List<ResizeResult> restoreAll() {
    waitingForPool.clear();
    return resizer.restoreAll();
  }
}
