package io.poolpilot.agent.bootstrap;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every live pool the agent has seen, keyed by identity and held weakly: a pool the application
 * drops leaves no entry behind once it is collected. Only slow paths use this table (a pool's
 * construction, a worker's start, a rejection, the once-a-second export); the per-task path finds
 * its probe through the worker's own {@link WorkerTimings}.
 */
public final class PoolProbes {
  private static final AtomicLong SEQUENCE = new AtomicLong();

  private static final class Entry extends WeakReference<Object> {
    final int hash;
    final PoolProbe probe;
    Entry next;

    Entry(Object pool, int hash, PoolProbe probe, Entry next, ReferenceQueue<Object> q) {
      super(pool, q);
      this.hash = hash;
      this.probe = probe;
      this.next = next;
    }
  }

  private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
  private Entry[] table = new Entry[64];
  private int size;

  /** The probe of {@code pool}, created on first sight with the given construction site. */
  public synchronized PoolProbe probeFor(Object pool, ConstructionSite site) {
    expungeCollected();
    int hash = System.identityHashCode(pool);
    int index = hash & (table.length - 1);
    for (Entry e = table[index]; e != null; e = e.next) {
      if (e.hash == hash && e.get() == pool) {
        return e.probe;
      }
    }
    PoolProbe probe = new PoolProbe(pool, PoolKind.of(pool), SEQUENCE.incrementAndGet(), site);
    table[index] = new Entry(pool, hash, probe, table[index], collected);
    if (++size > table.length * 3 / 4) {
      grow();
    }
    return probe;
  }

  /** The probe of {@code pool}, or null if the agent has not seen it. */
  public synchronized PoolProbe find(Object pool) {
    int hash = System.identityHashCode(pool);
    for (Entry e = table[hash & (table.length - 1)]; e != null; e = e.next) {
      if (e.hash == hash && e.get() == pool) {
        return e.probe;
      }
    }
    return null;
  }

  /** Probes of the pools still alive, the agent's own left out. */
  public synchronized List<PoolProbe> live() {
    expungeCollected();
    List<PoolProbe> live = new ArrayList<>(size);
    for (Entry head : table) {
      for (Entry e = head; e != null; e = e.next) {
        if (e.get() != null && !e.probe.ignored()) {
          live.add(e.probe);
        }
      }
    }
    return live;
  }

  private void grow() {
    Entry[] old = table;
    table = new Entry[old.length * 2];
    for (Entry head : old) {
      Entry e = head;
      while (e != null) {
        Entry next = e.next;
        int index = e.hash & (table.length - 1);
        e.next = table[index];
        table[index] = e;
        e = next;
      }
    }
  }

  private void expungeCollected() {
    Object ref;
    while ((ref = collected.poll()) != null) {
      Entry dead = (Entry) ref;
      int index = dead.hash & (table.length - 1);
      Entry prev = null;
      for (Entry e = table[index]; e != null; prev = e, e = e.next) {
        if (e == dead) {
          if (prev == null) {
            table[index] = e.next;
          } else {
            prev.next = e.next;
          }
          size--;
          break;
        }
      }
    }
  }
}
