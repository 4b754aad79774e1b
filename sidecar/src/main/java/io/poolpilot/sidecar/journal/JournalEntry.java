package io.poolpilot.sidecar.journal;

import io.poolpilot.sidecar.model.DesiredPool;
import io.poolpilot.sidecar.model.InstanceKey;
import io.poolpilot.sidecar.model.PoolSizes;
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

  private static void requireText(Instant at, String service, String reason) {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(reason, "reason");
  }
}
