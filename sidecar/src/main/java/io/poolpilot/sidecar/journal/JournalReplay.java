package io.poolpilot.sidecar.journal;

import io.poolpilot.protocol.control.PoolSizes;
import io.poolpilot.sidecar.model.InstanceKey;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rebuilds, from the journal's entries in file order, what a restarted sidecar resumes from: the
 * pins in force (a pin applies until a later release of the same pool) and, per instance, the
 * desired state last issued (the highest version wins, so an entry out of order cannot lower it).
 * Fed one entry at a time, so a long journal is never held in memory.
 */
public final class JournalReplay {

  private final Map<String, Map<String, PoolSizes>> pins = new TreeMap<>();
  private final Map<InstanceKey, JournalEntry.Issued> lastIssued = new HashMap<>();
  private long entries;

  public void apply(JournalEntry entry) {
    entries++;
    if (entry instanceof JournalEntry.Pinned pin) {
      pins.computeIfAbsent(pin.service(), s -> new TreeMap<>()).put(pin.pool(), pin.sizes());
    } else if (entry instanceof JournalEntry.Released release) {
      Map<String, PoolSizes> service = pins.get(release.service());
      if (service != null) {
        service.remove(release.pool());
        if (service.isEmpty()) {
          pins.remove(release.service());
        }
      }
    } else if (entry instanceof JournalEntry.Issued issued) {
      lastIssued.merge(
          issued.key(), issued, (old, now) -> now.version() > old.version() ? now : old);
    }
  }

  /** Pins in force: service, then pool, to the sizes it is pinned to. */
  public Map<String, Map<String, PoolSizes>> pins() {
    Map<String, Map<String, PoolSizes>> copy = new TreeMap<>();
    pins.forEach((service, pools) -> copy.put(service, Map.copyOf(pools)));
    return copy;
  }

  /** The desired state last issued to each instance. */
  public Map<InstanceKey, JournalEntry.Issued> lastIssued() {
    return Map.copyOf(lastIssued);
  }

  /** How many entries were applied. */
  public long entries() {
    return entries;
  }
}
