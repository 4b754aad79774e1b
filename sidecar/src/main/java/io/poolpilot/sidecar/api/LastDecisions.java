package io.poolpilot.sidecar.api;

import io.poolpilot.protocol.control.DesiredPool;
import io.poolpilot.sidecar.journal.JournalEntry;
import io.poolpilot.sidecar.model.PoolKey;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The latest journal entry that concerns each pool, from the journal's recent entries: a pin or
 * release of the pool (which concerns every instance of its service), a tuner's decision about the
 * pool, or a desired state issued to the pool's instance that names the pool or that dropped it
 * from the previous one. A desired state that only carries out the tuner's decision just before it
 * (the same sizes) does not hide that decision: its reason, with the tuner's numbers, is the one
 * worth showing.
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
      } else if (entry instanceof JournalEntry.Tuned tuned) {
        issued.put(
            new PoolKey(tuned.service(), tuned.instance(), tuned.pool()),
            new Indexed(order, entry));
      } else if (entry instanceof JournalEntry.Issued state) {
        Instance instance = new Instance(state.service(), state.instance());
        Set<String> concerned = new HashSet<>(lastDesired.getOrDefault(instance, Set.of()));
        Map<String, DesiredPool> now = new HashMap<>();
        state.desired().forEach(d -> now.put(d.pool(), d));
        concerned.addAll(now.keySet());
        lastDesired.put(instance, now.keySet());
        for (String pool : concerned) {
          PoolKey key = new PoolKey(state.service(), state.instance(), pool);
          if (!carriesOut(issued.get(key), now.get(pool))) {
            issued.put(key, new Indexed(order, entry));
          }
        }
      }
    }
  }

  /** Whether {@code desired} applies exactly what the tuner decided in {@code previous}. */
  private static boolean carriesOut(Indexed previous, DesiredPool desired) {
    return previous != null
        && desired != null
        && previous.entry() instanceof JournalEntry.Tuned tuned
        && tuned.applied()
        && tuned.to().equals(desired.sizes());
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
