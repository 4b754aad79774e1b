package io.poolpilot.sidecar.control;

import io.poolpilot.protocol.control.AgentReport;
import io.poolpilot.protocol.control.DesiredPool;
import io.poolpilot.protocol.control.DesiredStateHash;
import io.poolpilot.protocol.control.PoolSizes;
import io.poolpilot.sidecar.decision.DecisionLoops;
import io.poolpilot.sidecar.journal.Journal;
import io.poolpilot.sidecar.journal.JournalEntry;
import io.poolpilot.sidecar.journal.JournalReplay;
import io.poolpilot.sidecar.model.InstanceKey;
import io.poolpilot.sidecar.model.PoolModel;
import io.poolpilot.sidecar.model.Sender;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The sidecar's half of the control protocol ({@code docs/protocol.md}), without the HTTP: it keeps
 * the operator's pins and issues versions. Each agent's latest report and the desired state itself
 * are the instance's decision loop's ({@link DecisionLoops}): this class hands the loop the agent's
 * report and the pins, and issues a new version when, and only when, the state the loop resolved
 * differs from the one last issued to the instance.
 *
 * <p>Every pin, release and issued version is journaled before it takes effect or is answered:
 * {@link #poll}, {@link #pin} and {@link #release} write to the journal and block, so callers on an
 * event loop run them on a worker. If the journal cannot be written, nothing changes and the {@link
 * IOException} is passed on.
 *
 * <p>Thread-safe. Changes (polls, pins, releases, forgetting) take turns, so a version is never
 * issued from a half-applied pin; a change takes effect in memory only once journaled, and reads
 * (the API's) never wait for the journal.
 */
public final class ControlService {

  private final PoolModel model;
  private final Journal journal;
  private final Clock clock;
  private final Pins pins;
  private final DecisionLoops loops;
  private final Object changes = new Object();
  private final Map<InstanceKey, Issued> issued = new HashMap<>();

  /**
   * The desired state last issued to an instance, and when the instance last asked for it. An entry
   * recovered from the journal also holds the tuned sizes in it ({@code resumed}), until the
   * instance's first report hands them to its decision loop; they go with the entry, so those of an
   * instance that never comes back are released when it is forgotten ({@link #forgetSilent}).
   */
  private record Issued(IssuedState state, long touchedMillis, Map<String, PoolSizes> resumed) {}

  /** A report the sidecar will not take now: a bound on processes was reached. */
  public static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message);
    }
  }

  /**
   * @param model told that an instance was heard from, so a polling instance does not expire
   * @param pins the pins in force, recovered from {@code recovered}
   * @param loops the decision loops, which own each instance's desired state
   * @param recovered the journal's replay: the versions last issued, and the tuned sizes in them,
   *     which each instance's loop takes with the instance's first report
   */
  public ControlService(
      PoolModel model,
      Journal journal,
      Clock clock,
      Pins pins,
      DecisionLoops loops,
      JournalReplay recovered) {
    this.model = Objects.requireNonNull(model, "model");
    this.journal = Objects.requireNonNull(journal, "journal");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.pins = Objects.requireNonNull(pins, "pins");
    this.loops = Objects.requireNonNull(loops, "loops");
    long now = clock.millis();
    recovered
        .lastIssued()
        .forEach(
            (key, entry) -> {
              Map<String, PoolSizes> servicePins = pins.of(key.service());
              Map<String, PoolSizes> tuned = new TreeMap<>();
              entry.desired().stream()
                  .filter(pool -> !servicePins.containsKey(pool.pool()))
                  .forEach(pool -> tuned.put(pool.pool(), pool.sizes()));
              issued.put(
                  key,
                  new Issued(
                      new IssuedState(entry.version(), entry.hash(), entry.desired()),
                      now,
                      Map.copyOf(tuned)));
            });
  }

  /**
   * Handles one agent report and returns the instance's desired state. A report older than one
   * already accepted (by sequence number) changes nothing but is still answered.
   *
   * <p>Call only for an authenticated agent that owns the instance's session.
   *
   * @throws IOException if a new version could not be journaled; then none was issued
   * @throws Refused if the model takes no more processes (the sidecar's bounds); nothing changed
   */
  public IssuedState poll(AgentReport report) throws IOException, Refused {
    InstanceKey key = InstanceKey.of(report.instance());
    synchronized (changes) {
      Optional<String> refused = model.heard(key, "", Sender.AGENT);
      if (refused.isPresent()) {
        throw new Refused(refused.get());
      }
      Issued last;
      synchronized (this) {
        last = issued.get(key);
      }
      loops.agentReported(report, last == null ? Map.of() : last.resumed());
      AgentReport latest = loops.agent(key).orElse(report);
      List<DesiredPool> desired = loops.desired(key);
      long now = clock.millis();
      String hash = DesiredStateHash.of(desired);
      long lastVersion = last == null ? 0 : last.state().version();
      if (last != null
          && last.state().hash().equals(hash)
          && lastVersion >= latest.appliedVersion()) {
        touch(key, last.state(), now);
        return last.state();
      }
      long version = VersionIssuer.next(lastVersion, latest.appliedVersion(), now);
      IssuedState next = new IssuedState(version, hash, desired);
      journal.append(
          new JournalEntry.Issued(
              Instant.ofEpochMilli(now),
              key.service(),
              key.instance(),
              version,
              hash,
              next.desired(),
              reason(last, next, latest.appliedVersion())));
      touch(key, next, now);
      return next;
    }
  }

  /** Notes the state issued to an instance's poll; its loop holds any resumed sizes by now. */
  private synchronized void touch(InstanceKey key, IssuedState state, long now) {
    issued.put(key, new Issued(state, now, Map.of()));
  }

  /**
   * Pins a pool of every instance of {@code service} to {@code sizes}, from their next poll on.
   *
   * @return false if it was pinned to these sizes already (then nothing is journaled)
   */
  public boolean pin(String service, String pool, PoolSizes sizes, String reason)
      throws IOException {
    synchronized (changes) {
      Optional<PoolSizes> previous = pins.get(service, pool);
      if (previous.isPresent() && sizes.equals(previous.get())) {
        return false;
      }
      String why = previous.isEmpty() ? reason : reason + "; was pinned to " + previous.get();
      journal.append(new JournalEntry.Pinned(now(), service, pool, sizes, why));
      pins.put(service, pool, sizes);
      loops.pinsChanged(service);
      return true;
    }
  }

  /**
   * Lifts a pin: the pool leaves the pins, so the tuner (or, if it does not tune the pool, its
   * application) sizes it again.
   *
   * @return the sizes it had been pinned to; empty if it was not pinned (nothing is journaled)
   */
  public Optional<PoolSizes> release(String service, String pool, String reason)
      throws IOException {
    synchronized (changes) {
      Optional<PoolSizes> previous = pins.get(service, pool);
      if (previous.isEmpty()) {
        return previous;
      }
      journal.append(new JournalEntry.Released(now(), service, pool, previous.get(), reason));
      pins.remove(service, pool);
      loops.pinsChanged(service);
      return previous;
    }
  }

  /** Pins in force: service, then pool, to its pinned sizes. */
  public Map<String, Map<String, PoolSizes>> pins() {
    return pins.all();
  }

  /** The latest accepted report of every instance whose agent polls. */
  public Map<InstanceKey, AgentReport> agents() {
    return loops.agents();
  }

  /** The latest accepted report of one instance, if its agent polls. */
  public Optional<AgentReport> agent(InstanceKey key) {
    return loops.agent(key);
  }

  /** What the instance's next poll would be answered, without issuing anything. */
  public List<DesiredPool> desiredFor(InstanceKey key) {
    return loops.desired(key);
  }

  /** The desired state last issued to an instance, if any. */
  public synchronized Optional<IssuedState> lastIssued(InstanceKey key) {
    Issued last = issued.get(key);
    return last == null ? Optional.empty() : Optional.of(last.state());
  }

  /** Up to {@code limit} of the latest journal entries, newest first. */
  public List<JournalEntry> recentDecisions(int limit) {
    return journal.recent(limit);
  }

  /**
   * Forgets an instance that expired: its decision loop with its report, and the version last
   * issued to it. A returning instance gets a version above the one it reports having applied, so
   * nothing is lost.
   *
   * @return the names of the pools its last report listed
   */
  public Set<String> forget(InstanceKey key) {
    synchronized (changes) {
      synchronized (this) {
        issued.remove(key);
      }
      return loops
          .forget(key)
          .map(
              report ->
                  report.pools().stream()
                      .map(pool -> pool.name())
                      .collect(Collectors.toCollection(TreeSet::new)))
          .map(Set::copyOf)
          .orElse(Set.of());
    }
  }

  /**
   * Forgets the versions last issued to instances that have not asked for one for longer than
   * {@code silence}, such as instances known only from the journal that never came back (with the
   * tuned sizes recovered for them).
   */
  public void forgetSilent(Duration silence) {
    long oldest = clock.millis() - silence.toMillis();
    synchronized (changes) {
      synchronized (this) {
        issued.values().removeIf(entry -> entry.touchedMillis() < oldest);
      }
    }
  }

  /** Says what changed, pool by pool, for the journal. */
  private static String reason(Issued last, IssuedState next, long appliedByAgent) {
    if (last == null) {
      return "first desired state for this instance: " + describe(next.desired());
    }
    if (last.state().hash().equals(next.hash())) {
      return "the instance reports version "
          + appliedByAgent
          + " applied, above the "
          + last.state().version()
          + " last issued: same state, new version";
    }
    Map<String, PoolSizes> before = sizes(last.state().desired());
    Map<String, PoolSizes> after = sizes(next.desired());
    List<String> changes = new ArrayList<>();
    Set<String> names = new TreeSet<>(before.keySet());
    names.addAll(after.keySet());
    for (String pool : names) {
      PoolSizes was = before.get(pool);
      PoolSizes now = after.get(pool);
      if (!Objects.equals(was, now)) {
        changes.add(pool + ": " + describe(was) + " -> " + describe(now));
      }
    }
    return String.join("; ", changes);
  }

  private static Map<String, PoolSizes> sizes(Collection<DesiredPool> desired) {
    Map<String, PoolSizes> sizes = new TreeMap<>();
    desired.forEach(pool -> sizes.put(pool.pool(), pool.sizes()));
    return sizes;
  }

  private static String describe(List<DesiredPool> desired) {
    if (desired.isEmpty()) {
      return "every pool keeps its application's sizes";
    }
    return desired.stream()
        .map(pool -> pool.pool() + " " + describe(pool.sizes()))
        .collect(Collectors.joining(", "));
  }

  private static String describe(PoolSizes sizes) {
    return sizes == null ? "application's sizes" : sizes.toString();
  }

  private Instant now() {
    return Instant.ofEpochMilli(clock.millis());
  }
}
