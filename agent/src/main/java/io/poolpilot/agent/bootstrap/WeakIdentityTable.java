package io.poolpilot.agent.bootstrap;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A map from framework objects, compared by identity and held weakly, to values. Advice cannot add
 * a field to a framework class (classes may be retransformed, which forbids new fields), so this
 * table is where the agent attaches its state to a framework object; an object the framework drops
 * leaves no entry behind once it is collected, whether or not the agent removed it.
 *
 * <p>Lookups happen on hot framework paths (Vert.x looks one up per event dispatched), so an empty
 * table answers from one volatile read, and the table is split into independently locked stripes so
 * that event-loop threads rarely wait for each other.
 */
final class WeakIdentityTable<V> {
  private static final int STRIPES = 32;

  private final Stripe<V>[] stripes;
  private final AtomicInteger size = new AtomicInteger();

  @SuppressWarnings("unchecked")
  WeakIdentityTable() {
    stripes = new Stripe[STRIPES];
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Stripe<>();
    }
  }

  /** Whether the table holds nothing: the cheap test before a lookup. */
  boolean isEmpty() {
    return size.get() == 0;
  }

  V get(Object key) {
    int hash = System.identityHashCode(key);
    return stripes[spread(hash)].get(key, hash);
  }

  void put(Object key, V value) {
    int hash = System.identityHashCode(key);
    size.addAndGet(stripes[spread(hash)].put(key, hash, value));
  }

  V remove(Object key) {
    int hash = System.identityHashCode(key);
    Stripe<V> stripe = stripes[spread(hash)];
    V removed;
    int change;
    synchronized (stripe) {
      int before = stripe.size;
      removed = stripe.remove(key, hash);
      change = stripe.size - before;
    }
    size.addAndGet(change);
    return removed;
  }

  private static int spread(int hash) {
    return (hash ^ (hash >>> 16)) & (STRIPES - 1);
  }

  private static final class Entry<V> extends WeakReference<Object> {
    final int hash;
    V value;
    Entry<V> next;

    Entry(Object key, int hash, V value, Entry<V> next, ReferenceQueue<Object> queue) {
      super(key, queue);
      this.hash = hash;
      this.value = value;
      this.next = next;
    }
  }

  private static final class Stripe<V> {
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
    private Entry<V>[] table = newTable(16);
    int size;

    @SuppressWarnings("unchecked")
    private static <V> Entry<V>[] newTable(int length) {
      return new Entry[length];
    }

    synchronized V get(Object key, int hash) {
      for (Entry<V> e = table[hash & (table.length - 1)]; e != null; e = e.next) {
        if (e.hash == hash && e.get() == key) {
          return e.value;
        }
      }
      return null;
    }

    /** Returns how the stripe's size changed. */
    synchronized int put(Object key, int hash, V value) {
      int before = size;
      expungeCollected();
      int index = hash & (table.length - 1);
      for (Entry<V> e = table[index]; e != null; e = e.next) {
        if (e.hash == hash && e.get() == key) {
          e.value = value;
          return size - before;
        }
      }
      table[index] = new Entry<>(key, hash, value, table[index], collected);
      if (++size > table.length * 3 / 4) {
        grow();
      }
      return size - before;
    }

    /** Caller holds the lock. */
    V remove(Object key, int hash) {
      expungeCollected();
      int index = hash & (table.length - 1);
      Entry<V> prev = null;
      for (Entry<V> e = table[index]; e != null; prev = e, e = e.next) {
        if (e.hash == hash && e.get() == key) {
          V value = e.value;
          unlink(index, prev, e);
          return value;
        }
      }
      return null;
    }

    private void unlink(int index, Entry<V> prev, Entry<V> e) {
      if (prev == null) {
        table[index] = e.next;
      } else {
        prev.next = e.next;
      }
      e.value = null;
      size--;
    }

    private void grow() {
      Entry<V>[] old = table;
      table = newTable(old.length * 2);
      for (Entry<V> head : old) {
        Entry<V> e = head;
        while (e != null) {
          Entry<V> next = e.next;
          int index = e.hash & (table.length - 1);
          e.next = table[index];
          table[index] = e;
          e = next;
        }
      }
    }

    @SuppressWarnings("unchecked")
    private void expungeCollected() {
      Object ref;
      while ((ref = collected.poll()) != null) {
        Entry<V> dead = (Entry<V>) ref;
        int index = dead.hash & (table.length - 1);
        Entry<V> prev = null;
        for (Entry<V> e = table[index]; e != null; prev = e, e = e.next) {
          if (e == dead) {
            unlink(index, prev, e);
            break;
          }
        }
      }
    }
  }
}
