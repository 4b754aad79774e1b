package io.poolpilot.sidecar.decision;

import io.poolpilot.protocol.control.AgentReport;
import io.poolpilot.protocol.control.DesiredPool;
import io.poolpilot.protocol.control.PoolSizes;
import io.poolpilot.sidecar.capacity.CapacityListener;
import io.poolpilot.sidecar.journal.Journal;
import io.poolpilot.sidecar.model.InstanceKey;
import io.poolpilot.sidecar.model.PoolModel;
import io.poolpilot.sidecar.model.ProcessModel;
import io.poolpilot.tuning.PoolTuner;
import io.poolpilot.tuning.telemetry.ProcessReading;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * The sidecar's decisions: one {@link InstanceDecisionLoop} per instance whose PoolPilot agent
 * polls for its desired state, fed by fresh telemetry and a timer.
 *
 * <ul>
 *   <li>Telemetry: the model tells {@link #telemetryArrived} when a report gave one of an
 *       instance's pools a new reading; {@link #runDue}, called by a timer ({@link
 *       DecisionLoopVerticle}), runs the loops with fresh telemetry whose last run was at least a
 *       {@link #PERIOD} ago. An instance with no new telemetry is not decided on: the tuner would
 *       see the same period twice.
 *   <li>Control: {@link #agentReported} hands a loop its instance's latest report (creating the
 *       loop with the first one, and with the sizes issued before a restart, if any; a report that
 *       arrived late changes nothing), {@link #pinsChanged} has the loops of a service resolve
 *       again, and {@link #desired} is what the control endpoint versions and answers.
 * </ul>
 *
 * <p>Only a control report makes a loop: telemetry from any other OTLP sender is shown and
 * forwarded, never decided on, and an agent's telemetry before its first report waits for it.
 * Thread-safe; {@link #runDue} journals and so blocks, so callers on an event loop run it on a
 * worker.
 */
public final class DecisionLoops {

  /** The control period: the least time between two runs of one instance's loop. */
  public static final Duration PERIOD = Duration.ofSeconds(1);

  private final DecisionContext context;
  private final Clock clock;
  private final PoolModel pools;
  private final ProcessModel processes;
  private final Function<String, Set<String>> requestPools;
  private final Map<InstanceKey, InstanceDecisionLoop> loops = new ConcurrentHashMap<>();
  private final Set<InstanceKey> fresh = ConcurrentHashMap.newKeySet();

  /**
   * @param tunerFactory makes the tuner of a pool that starts being tuned, given the pool's floor
   *     ({@link TuningSettings#floorOf}) as its minimum size
   * @param defaultProcessors the processors an application is assumed to have where it never said
   *     (the sidecar's host, which it shares with the application)
   * @param requestPools a service's pools that requests run on (server spans seen on them)
   * @param pins the operator's pins of a service, pool to sizes
   * @param capacity told each pool's demand and "needs capacity" signal after every decision
   * @param caps a service's pool to the node budget's cap on its threads, empty when uncapped;
   *     after a cap changes, {@link #capsChanged} has the service's loops resolve again
   */
  public DecisionLoops(
      TuningSettings settings,
      Journal journal,
      Clock clock,
      IntFunction<PoolTuner> tunerFactory,
      int defaultProcessors,
      PoolModel pools,
      ProcessModel processes,
      Function<String, Set<String>> requestPools,
      Function<String, Map<String, PoolSizes>> pins,
      CapacityListener capacity,
      BiFunction<String, String, OptionalInt> caps) {
    this.context =
        new DecisionContext(
            settings, journal, tunerFactory, defaultProcessors, capacity, pins, caps);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.pools = Objects.requireNonNull(pools, "pools");
    this.processes = Objects.requireNonNull(processes, "processes");
    this.requestPools = Objects.requireNonNull(requestPools, "requestPools");
  }

  /** Notes fresh telemetry of an instance; returns at once (it runs on the ingest's thread). */
  public void telemetryArrived(InstanceKey key) {
    if (loops.containsKey(key)) {
      fresh.add(key);
    }
  }

  /** {@link #agentReported(AgentReport, Map)} with no sizes to resume. */
  public boolean agentReported(AgentReport report) {
    return agentReported(report, Map.of());
  }

  /**
   * Takes an instance's control report, unless it arrived late (a lower sequence number than the
   * one accepted, from the same JVM); the instance's desired state is then resolved again.
   *
   * @param resumed the sizes last issued to the instance before a restart (pinned pools left out):
   *     if this report starts the instance's loop, they are its tuned sizes (only in {@code auto});
   *     otherwise the loop has sizes of its own and they are ignored
   * @return false if the report arrived late, so it changed nothing
   */
  public boolean agentReported(AgentReport report, Map<String, PoolSizes> resumed) {
    InstanceKey key = InstanceKey.of(report.instance());
    InstanceDecisionLoop running = loops.get(key);
    if (running == null) {
      running = loops.putIfAbsent(key, new InstanceDecisionLoop(key, context, report, resumed));
      if (running == null) {
        return true;
      }
    }
    return running.reported(report);
  }

  /** The latest accepted report of one instance, if its agent reported. */
  public Optional<AgentReport> agent(InstanceKey key) {
    InstanceDecisionLoop loop = loops.get(key);
    return loop == null ? Optional.empty() : Optional.of(loop.agent());
  }

  /** The latest accepted report of every instance whose agent reported. */
  public Map<InstanceKey, AgentReport> agents() {
    Map<InstanceKey, AgentReport> agents = new HashMap<>();
    loops.forEach((key, loop) -> agents.put(key, loop.agent()));
    return Map.copyOf(agents);
  }

  /**
   * The pins of {@code service} changed: the desired states of its instances are resolved again.
   */
  public void pinsChanged(String service) {
    loops.forEach(
        (key, loop) -> {
          if (key.service().equals(service)) {
            loop.resolve();
          }
        });
  }

  /**
   * The node budget's caps on {@code service} changed: the desired states of its instances are
   * resolved again.
   */
  public void capsChanged(String service) {
    pinsChanged(service);
  }

  /**
   * Whether any instance has telemetry its loop has not seen: when none has, a run would do
   * nothing, and the timer need not wake a worker for it.
   */
  public boolean anyFresh() {
    return !fresh.isEmpty();
  }

  /**
   * Runs every loop with fresh telemetry that is due.
   *
   * @return how many loops ran
   */
  public int runDue() {
    int ran = 0;
    for (InstanceKey key : List.copyOf(fresh)) {
      InstanceDecisionLoop loop = loops.get(key);
      if (loop == null) {
        fresh.remove(key);
        continue;
      }
      fresh.remove(key);
      Instant now = clock.instant();
      if (!loop.due(now, PERIOD)) {
        // The readings are copies: not made for a loop that would not use them.
        fresh.add(key);
        continue;
      }
      try {
        if (loop.decide(
            now,
            PERIOD,
            pools.readings(key),
            processes.reading(key).orElse(ProcessReading.UNKNOWN),
            requestPools.apply(key.service()))) {
          ran++;
        } else {
          fresh.add(key);
        }
      } catch (IOException e) {
        // The journal says once that it cannot be written, and once when it can again; the
        // decision it refused took no effect, and the loop decides again on its next telemetry.
      }
    }
    return ran;
  }

  /**
   * What the instance's next poll should be answered: its desired pools in canonical order; empty
   * for an instance whose agent never reported.
   */
  public List<DesiredPool> desired(InstanceKey key) {
    InstanceDecisionLoop loop = loops.get(key);
    return loop == null ? List.of() : loop.desired();
  }

  /**
   * Forgets an instance's loop, for example once it expired.
   *
   * @return the instance's last accepted report, if it had a loop
   */
  public Optional<AgentReport> forget(InstanceKey key) {
    InstanceDecisionLoop loop = loops.remove(key);
    fresh.remove(key);
    context.capacity().forget(key);
    return loop == null ? Optional.empty() : Optional.of(loop.agent());
  }

  /** The instances that have a loop. */
  public Set<InstanceKey> instances() {
    return Set.copyOf(loops.keySet());
  }
}
