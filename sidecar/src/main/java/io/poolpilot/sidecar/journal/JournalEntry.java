package io.poolpilot.sidecar.journal;

import io.poolpilot.protocol.control.DesiredPool;
import io.poolpilot.protocol.control.PoolSizes;
import io.poolpilot.sidecar.model.InstanceKey;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One decision in the journal, with when it was made, why, and the numbers behind it. One line of
 * {@code journal.jsonl} each; {@code docs/journal.md} shows the JSON of every kind.
 */
public sealed interface JournalEntry {

  Instant at();

  String service();

  /** Why the decision was made, for a person reading the journal. */
  String reason();

  /** A pool of every instance of {@code service} was pinned to {@code sizes}. */
  record Pinned(Instant at, String service, String pool, PoolSizes sizes, String reason)
      implements JournalEntry {
    public Pinned {
      requireText(at, service, reason);
      Objects.requireNonNull(pool, "pool");
      Objects.requireNonNull(sizes, "sizes");
    }
  }

  /** A pin was lifted; {@code previous} is what the pool had been pinned to. */
  record Released(Instant at, String service, String pool, PoolSizes previous, String reason)
      implements JournalEntry {
    public Released {
      requireText(at, service, reason);
      Objects.requireNonNull(pool, "pool");
      Objects.requireNonNull(previous, "previous");
    }
  }

  /**
   * A desired state was issued to one instance. Written before the answer that carries it is sent,
   * so a restarted sidecar never issues a lower version to the same instance.
   */
  record Issued(
      Instant at,
      String service,
      String instance,
      long version,
      String hash,
      List<DesiredPool> desired,
      String reason)
      implements JournalEntry {
    public Issued {
      requireText(at, service, reason);
      Objects.requireNonNull(instance, "instance");
      Objects.requireNonNull(hash, "hash");
      desired = List.copyOf(desired);
      if (version < 1) {
        throw new IllegalArgumentException("version " + version + " is below 1");
      }
    }

    public InstanceKey key() {
      return new InstanceKey(service, instance);
    }
  }

  /**
   * The tuner decided to resize a pool of one instance, or raised "needs capacity" for it. In
   * {@code recommend} mode ({@code applied} false) nothing was put into the desired state.
   *
   * @param action the tuner's action: {@code HOLD}, {@code GROW}, {@code SHRINK} or {@code
   *     ROLLBACK}
   * @param from the pool's sizes when the tuner decided
   * @param to the sizes the tuner wants
   * @param capacity the bottleneck of a raised "needs capacity" signal, empty when not raised
   */
  record Tuned(
      Instant at,
      String service,
      String instance,
      String pool,
      String action,
      PoolSizes from,
      PoolSizes to,
      boolean applied,
      String capacity,
      String reason)
      implements JournalEntry {
    public Tuned {
      requireText(at, service, reason);
      Objects.requireNonNull(instance, "instance");
      Objects.requireNonNull(pool, "pool");
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(capacity, "capacity");
    }
  }

  /**
   * A capacity decision or its outcome: a request for replicas, a request held back (and why), or
   * what a provider did with a request.
   *
   * @param instance the instance whose demand led to it
   * @param phase {@code request}, {@code suppressed} or {@code outcome}
   * @param provider the provider of an {@code outcome}, empty otherwise
   * @param direction {@code up} or {@code down}
   * @param ratio the demand ratio (docs/capacity.md)
   * @param current the replica count it started from, -1 when unknown
   * @param desired the replica count wanted (for an outcome: seen after acting), -1 when unknown
   * @param key the request's idempotency key, empty for {@code suppressed}
   * @param ok for an {@code outcome}, whether the provider carried it out; true otherwise
   */
  record Capacity(
      Instant at,
      String service,
      String instance,
      String phase,
      String provider,
      String direction,
      double ratio,
      int current,
      int desired,
      String key,
      boolean ok,
      String reason)
      implements JournalEntry {
    public static final String REQUEST = "request";
    public static final String SUPPRESSED = "suppressed";
    public static final String OUTCOME = "outcome";

    public Capacity {
      requireText(at, service, reason);
      Objects.requireNonNull(instance, "instance");
      Objects.requireNonNull(phase, "phase");
      Objects.requireNonNull(provider, "provider");
      Objects.requireNonNull(direction, "direction");
      Objects.requireNonNull(key, "key");
      if (!phase.equals(REQUEST) && !phase.equals(SUPPRESSED) && !phase.equals(OUTCOME)) {
        throw new IllegalArgumentException(
            "phase '" + phase + "', expected request, suppressed or outcome");
      }
    }
  }

  /**
   * The node budget capped a service's pools, changed its cap, or lifted it ({@code docs/node.md}).
   *
   * @param cap the most threads each of the service's tuned pools may hold now, -1 when lifted
   * @param previous the cap before, -1 when there was none
   * @param processors the node's processors
   * @param availableCores what the services could share: the processors less outside use
   * @param needCores what the service would use unhindered (demand × CPU per task)
   * @param shareCores the processors allocated to it
   * @param usedCores what it used in the period
   * @param cappedFor the higher-class services it was capped for, empty when lifted
   */
  record NodeCapped(
      Instant at,
      String service,
      int cap,
      int previous,
      int processors,
      double availableCores,
      double needCores,
      double shareCores,
      double usedCores,
      List<String> cappedFor,
      String reason)
      implements JournalEntry {
    public NodeCapped {
      requireText(at, service, reason);
      cappedFor = List.copyOf(cappedFor);
      if (cap == 0 || cap < -1 || previous == 0 || previous < -1) {
        throw new IllegalArgumentException(
            "cap " + cap + " and previous " + previous + " must be -1 or at least 1");
      }
    }

    /** Whether this entry lifted the cap. */
    public boolean lifted() {
      return cap < 0;
    }
  }

  private static void requireText(Instant at, String service, String reason) {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(reason, "reason");
  }
}
