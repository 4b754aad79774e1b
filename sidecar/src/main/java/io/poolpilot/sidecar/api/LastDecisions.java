package io.poolpilot.sidecar.api;

import io.poolpilot.sidecar.journal.JournalEntry;
import io.poolpilot.sidecar.model.DesiredPool;
import io.poolpilot.sidecar.model.PoolKey;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The latest journal entry that concerns each pool, from the journal's recent entries: a pin or
 * release of the pool (which concerns every instance of its service), or a desired state issued to
 * the pool's instance that names the pool or that dropped it from the previous one.
 */
final class LastDecisions {

  private record ServicePool(String service, String pool) {}

  private record Instance(String service, String instance) {}

  private final Map<ServicePool, Indexed> pins = new HashMap<>();
  private final Map<PoolKey, Indexed> issued = new HashMap<>();

  private record Indexed(long order, JournalEntry entry) {}

  /**
   * @param newestFirst journal entries, newest first, as the journal's {@code recent} gives them
   */
  LastDecisions(List<JournalEntry> newestFirst) {
    Map<Instance, Set<String>> lastDesired = new HashMap<>();
    for (int i = newestFirst.size() - 1; i >= 0; i--) {
      JournalEntry entry = newestFirst.get(i);
      long order = newestFirst.size() - i;
      if (entry instanceof JournalEntry.Pinned pin) {
        pins.put(new ServicePool(pin.service(), pin.pool()), new Indexed(order, entry));
      } else if (entry instanceof JournalEntry.Released release) {
        pins.put(new ServicePool(release.service(), release.pool()), new Indexed(order, entry));
      } else if (entry instanceof JournalEntry.Issued state) {
        Instance instance = new Instance(state.service(), state.instance());
        Set<String> concerned = new HashSet<>(lastDesired.getOrDefault(instance, Set.of()));
        Set<String> now = new HashSet<>();
        state.desired().stream().map(DesiredPool::pool).forEach(now::add);
        concerned.addAll(now);
        lastDesired.put(instance, now);
        for (String pool : concerned) {
          issued.put(
              new PoolKey(state.service(), state.instance(), pool), new Indexed(order, entry));
        }
      }
    }
  }

  /** The newest entry about the pool, empty if the recent journal names none. */
  Optional<JournalEntry> of(PoolKey key) {
    Indexed pin = pins.get(new ServicePool(key.service(), key.pool()));
    Indexed state = issued.get(key);
    if (pin == null || state == null) {
      return Optional.ofNullable(pin == null ? state : pin).map(Indexed::entry);
    }
    return Optional.of(pin.order() > state.order() ? pin.entry() : state.entry());
  }
}
