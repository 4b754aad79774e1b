package io.poolpilot.sidecar.control;

import io.poolpilot.sidecar.journal.Journal;
import io.poolpilot.sidecar.journal.JournalEntry;
import io.poolpilot.sidecar.journal.JournalReplay;
import io.poolpilot.sidecar.model.AgentReport;
import io.poolpilot.sidecar.model.DesiredPool;
import io.poolpilot.sidecar.model.ExpiredInstance;
import io.poolpilot.sidecar.model.InstanceKey;
import io.poolpilot.sidecar.model.PoolModel;
import io.poolpilot.sidecar.model.PoolSizes;
import io.poolpilot.sidecar.model.ReportedPool;
import io.poolpilot.sidecar.tuning.TuningService;
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
 * The sidecar's half of the control protocol ({@code docs/protocol.md}), without the HTTP: it
 * records each agent's message in the model, works out the instance's desired state, and issues a
 * new version when, and only when, that state differs from the one last issued to the instance.
 *
 * <p>Desired state of an instance: the pins of its service, limited to the pools the instance
 * reports, so that a pool that appears later gets its pin through a new version, plus the sizes the
 * tuner ({@link TuningService}, run from {@link #poll}) wants for the pools it tunes; a pin wins
 * over the tuner.
 *
 * <p>Every pin, release and issued version is journaled before it takes effect or is answered:
 * {@link #poll}, {@link #pin} and {@link #release} write to the journal and block, so callers on an
 * event loop run them on a worker. If the journal cannot be written, nothing changes and the {@link
 * IOException} is passed on.
 *
 * <p>Thread-safe. Changes (polls, pins, releases, expiry) take turns, so a version is never issued
 * from a half-applied pin; a change takes effect in memory only once journaled, and reads (the
 * API's) never wait for the journal.
 */
public final class ControlService {

  private final PoolModel model;
  private final Journal journal;
  private final Clock clock;
  private final Object changes = new Object();
  private final Map<String, Map<String, PoolSizes>> pins = new TreeMap<>();
  private final Map<InstanceKey, Issued> issued = new HashMap<>();
  private final TuningService tuning;

  /** The desired state last issued to an instance, and when the instance last asked for it. */
  private record Issued(DesiredState state, long touchedMillis) {}

  /**
   * @param recovered the journal's replay: pins in force and the versions last issued
   */
  public ControlService(PoolModel model, Journal journal, Clock clock, JournalReplay recovered) {
    this(model, journal, clock, recovered, null);
  }

  /**
   * @param recovered the journal's replay: pins in force and the versions last issued
   * @param tuning runs the tuner on each poll; null for pins only
   */
  public ControlService(
      PoolModel model,
      Journal journal,
      Clock clock,
      JournalReplay recovered,
      TuningService tuning) {
    this.tuning = tuning;
    this.model = Objects.requireNonNull(model, "model");
    this.journal = Objects.requireNonNull(journal, "journal");
    this.clock = Objects.requireNonNull(clock, "clock");
    recovered.pins().forEach((service, pools) -> pins.put(service, new TreeMap<>(pools)));
    long now = clock.millis();
    recovered
        .lastIssued()
        .forEach(
            (key, entry) ->
                issued.put(
                    key,
                    new Issued(
                        new DesiredState(entry.version(), entry.hash(), entry.desired()), now)));
    if (tuning != null) {
      recovered
          .lastIssued()
          .forEach(
              (key, entry) -> {
                Map<String, PoolSizes> servicePins = pins.getOrDefault(key.service(), Map.of());
                Map<String, PoolSizes> tuned = new TreeMap<>();
                entry.desired().stream()
                    .filter(pool -> !servicePins.containsKey(pool.pool()))
                    .forEach(pool -> tuned.put(pool.pool(), pool.sizes()));
                tuning.resume(key, tuned);
              });
    }
  }

  /**
   * Handles one agent message and returns the instance's desired state. A message older than one
   * already applied (by sequence number) changes nothing in the model but is still answered.
   *
   * @throws IOException if a new version could not be journaled; then none was issued
   */
  public DesiredState poll(AgentReport report) throws IOException {
    synchronized (changes) {
      model.record(report);
      InstanceKey key = report.key();
      AgentReport latest = model.agent(key).orElse(report);
      long now = clock.millis();
      Issued last;
      List<DesiredPool> desired;
      Map<String, PoolSizes> servicePins;
      synchronized (this) {
        servicePins = pins.get(key.service());
        servicePins = servicePins == null ? Map.of() : Map.copyOf(servicePins);
      }
      Map<String, PoolSizes> tuned =
          tuning == null ? Map.of() : tuning.run(latest, model.snapshots(), servicePins);
      synchronized (this) {
        last = issued.get(key);
        desired = desired(pins.get(key.service()), tuned, poolNames(latest));
      }
      String hash = DesiredStateHash.of(desired);
      long lastVersion = last == null ? 0 : last.state().version();
      if (last != null
          && last.state().hash().equals(hash)
          && lastVersion >= latest.appliedVersion()) {
        touch(key, last.state(), now);
        return last.state();
      }
      long version = VersionIssuer.next(lastVersion, latest.appliedVersion(), now);
      DesiredState next = new DesiredState(version, hash, desired);
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

  private synchronized void touch(InstanceKey key, DesiredState state, long now) {
    issued.put(key, new Issued(state, now));
  }

  /**
   * Pins a pool of every instance of {@code service} to {@code sizes}, from their next poll on.
   *
   * @return false if it was pinned to these sizes already (then nothing is journaled)
   */
  public boolean pin(String service, String pool, PoolSizes sizes, String reason)
      throws IOException {
    synchronized (changes) {
      PoolSizes previous = pinned(service, pool);
      if (sizes.equals(previous)) {
        return false;
      }
      String why = previous == null ? reason : reason + "; was pinned to " + previous;
      journal.append(new JournalEntry.Pinned(now(), service, pool, sizes, why));
      synchronized (this) {
        pins.computeIfAbsent(service, s -> new TreeMap<>()).put(pool, sizes);
      }
      return true;
    }
  }

  /**
   * Lifts a pin: the pool leaves the desired state, so it goes back to its application's sizes.
   *
   * @return the sizes it had been pinned to; empty if it was not pinned (nothing is journaled)
   */
  public Optional<PoolSizes> release(String service, String pool, String reason)
      throws IOException {
    synchronized (changes) {
      PoolSizes previous = pinned(service, pool);
      if (previous == null) {
        return Optional.empty();
      }
      journal.append(new JournalEntry.Released(now(), service, pool, previous, reason));
      synchronized (this) {
        Map<String, PoolSizes> servicePins = pins.get(service);
        servicePins.remove(pool);
        if (servicePins.isEmpty()) {
          pins.remove(service);
        }
      }
      return Optional.of(previous);
    }
  }

  private synchronized PoolSizes pinned(String service, String pool) {
    Map<String, PoolSizes> servicePins = pins.get(service);
    return servicePins == null ? null : servicePins.get(pool);
  }

  /** Pins in force: service, then pool, to its pinned sizes. */
  public synchronized Map<String, Map<String, PoolSizes>> pins() {
    Map<String, Map<String, PoolSizes>> copy = new TreeMap<>();
    pins.forEach((service, pools) -> copy.put(service, Map.copyOf(pools)));
    return copy;
  }

  /** What the instance's next poll would be answered, without issuing anything. */
  public List<DesiredPool> desiredFor(InstanceKey key) {
    Optional<AgentReport> agent = model.agent(key);
    if (agent.isEmpty()) {
      return List.of();
    }
    Map<String, PoolSizes> tuned = tuning == null ? Map.of() : tuning.desired(key);
    synchronized (this) {
      return desired(pins.get(key.service()), tuned, poolNames(agent.get()));
    }
  }

  /** The desired state last issued to an instance, if any. */
  public synchronized Optional<DesiredState> lastIssued(InstanceKey key) {
    Issued last = issued.get(key);
    return last == null ? Optional.empty() : Optional.of(last.state());
  }

  /** Up to {@code limit} of the latest journal entries, newest first. */
  public List<JournalEntry> recentDecisions(int limit) {
    return journal.recent(limit);
  }

  /**
   * Forgets every instance silent for longer than {@code silence}: its model entry and pools, and
   * the version last issued to it (also for instances known only from the journal that never came
   * back). A returning instance gets a version above the one it reports having applied, so nothing
   * is lost by forgetting.
   *
   * @return the instances the model forgot, each once
   */
  public List<ExpiredInstance> expire(Duration silence) {
    synchronized (changes) {
      List<ExpiredInstance> expired = model.expire(silence);
      long oldest = clock.millis() - silence.toMillis();
      synchronized (this) {
        expired.forEach(gone -> issued.remove(gone.key()));
        if (tuning != null) {
          expired.forEach(gone -> tuning.forget(gone.key()));
        }
        issued.values().removeIf(entry -> entry.touchedMillis() < oldest);
      }
      return expired;
    }
  }

  /** The pins of one service, limited to the pools an instance reports, in canonical order. */
  public static List<DesiredPool> desired(
      Map<String, PoolSizes> servicePins, Set<String> reported) {
    return desired(servicePins, Map.of(), reported);
  }

  /**
   * The pins of one service and the tuner's sizes, a pin winning over the tuner, limited to the
   * pools an instance reports, in canonical order.
   */
  public static List<DesiredPool> desired(
      Map<String, PoolSizes> servicePins, Map<String, PoolSizes> tuned, Set<String> reported) {
    Map<String, PoolSizes> merged = new TreeMap<>(tuned);
    if (servicePins != null) {
      merged.putAll(servicePins);
    }
    if (merged.isEmpty()) {
      return List.of();
    }
    List<DesiredPool> desired = new ArrayList<>();
    merged.forEach(
        (pool, sizes) -> {
          if (reported.contains(pool)) {
            desired.add(new DesiredPool(pool, sizes));
          }
        });
    desired.sort(DesiredPool.BY_POOL);
    return List.copyOf(desired);
  }

  private static Set<String> poolNames(AgentReport report) {
    return report.pools().stream().map(ReportedPool::name).collect(Collectors.toSet());
  }

  /** Says what changed, pool by pool, for the journal. */
  private static String reason(Issued last, DesiredState next, long appliedByAgent) {
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
