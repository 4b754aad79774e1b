package io.poolpilot.sidecar.decision;

import io.poolpilot.protocol.control.AgentReport;
import io.poolpilot.protocol.control.DesiredPool;
import io.poolpilot.protocol.control.PoolSizes;
import io.poolpilot.protocol.control.ReportedPool;
import io.poolpilot.sidecar.capacity.PoolDemand;
import io.poolpilot.sidecar.journal.JournalEntry;
import io.poolpilot.sidecar.model.InstanceKey;
import io.poolpilot.tuning.Decision;
import io.poolpilot.tuning.PoolObservation;
import io.poolpilot.tuning.telemetry.ObservationConverter;
import io.poolpilot.tuning.telemetry.PoolReading;
import io.poolpilot.tuning.telemetry.PoolTotals;
import io.poolpilot.tuning.telemetry.ProcessFigures;
import io.poolpilot.tuning.telemetry.ProcessReading;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * The decision loop of one instance: it owns the instance's desired sizes. Each period with fresh
 * telemetry ({@link #decide}) it turns each tuned pool's readings since its last decision into an
 * observation ({@link ObservationConverter}), asks the pool's tuner, journals what the tuner
 * decided and keeps the tuner's sizes; whenever its inputs change ({@link #resolve}) it works out
 * the desired state from the pins and the tuner's sizes ({@link SizePrecedence}) and publishes it
 * for the control endpoint, which only versions and answers it.
 *
 * <h2>Which pools are tuned</h2>
 *
 * A pool is tuned when the agent reports it as resizable, it is not pinned (a pin always wins: the
 * pool's tuner is dropped and starts afresh once the pin is released), and either requests run on
 * it (server spans were seen on its threads) or its name is in {@code tuning.include}. Every other
 * pool is only observed. A pool that stops serving requests (or whose spans have not arrived since
 * a restart) is no longer tuned but keeps the size it was last tuned to, rather than jumping back
 * to its application's size; a pin, a pool the agent cannot resize or no longer reports drops it. A
 * pool's first reading is the start of its first period: the tuner first decides one period later.
 *
 * <h2>Floors</h2>
 *
 * A tuned pool keeps a floor ({@link TuningSettings#floorOf}): {@code tuning.request-floor} (2) for
 * a pool that serves requests, unless {@code tuning.floors} names the pool. "Serves requests" is
 * the signal that already decides which pools are tuned: server spans that ran on the pool's
 * threads carry its name as {@code jvm.executor.name}, whatever the server (Tomcat, Jetty, Vert.x,
 * the JDK's HttpServer, a handler pool of the application's own). Pool names and {@code
 * jvm.executor.type} were the other candidates; names are the application's to choose and a type
 * says what a pool is, not what runs on it. The pool's tuner is made with the floor as its minimum
 * size (and made afresh if the floor changes), and {@link SizePrecedence} raises the tuner's sizes
 * to it; a pin wins over it.
 *
 * <h2>Modes</h2>
 *
 * In {@link TuningMode#AUTO} the tuner's sizes are desired (under the pins); in {@link
 * TuningMode#RECOMMEND} the tuner runs and its decisions are journaled, but only the pins are
 * desired; in {@link TuningMode#OFF} no tuner runs. Each decision that resizes a pool, and each
 * decision that newly raises "needs capacity" (the first period it is raised after one where it was
 * not), is journaled with the tuner's reason before it takes effect; if the journal cannot be
 * written, that decision does not take effect.
 *
 * <p>Plain class, no Vert.x, no clock of its own. Its methods take turns on the loop's lock; {@link
 * #desired()} and {@link #agent()} never wait.
 */
final class InstanceDecisionLoop {

  private final InstanceKey key;
  private final DecisionContext context;
  private final Map<String, PoolTuning> tuning = new HashMap<>();
  private final Map<String, PoolSizes> tuned = new TreeMap<>();
  private final Map<String, Integer> floors = new HashMap<>();
  private volatile AgentReport agent;
  private Instant lastRun;
  private ProcessReading lastProcess = ProcessReading.UNKNOWN;
  private volatile List<DesiredPool> desired = List.of();

  /**
   * A loop starts with its instance's first accepted control report: before it, nothing says which
   * pools the instance has, so there would be nothing to decide on and nothing to keep.
   *
   * @param resumed the sizes last issued to the instance before the sidecar restarted (pinned pools
   *     left out), taken as the tuner's in {@code auto}, so that a restart does not send its pools
   *     back to their application's sizes; empty when there are none
   */
  InstanceDecisionLoop(
      InstanceKey key, DecisionContext context, AgentReport first, Map<String, PoolSizes> resumed) {
    this.key = key;
    this.context = context;
    this.agent = first;
    if (context.settings().mode() == TuningMode.AUTO) {
      tuned.putAll(resumed);
    }
    resolve();
  }

  /** The desired state as last resolved, in canonical order. */
  List<DesiredPool> desired() {
    return desired;
  }

  /** The instance's latest accepted control report: its pools, their sizes now, what it applied. */
  AgentReport agent() {
    return agent;
  }

  /**
   * Takes the instance's next control report (its pools and their sizes now). A report with a lower
   * sequence number than the one already accepted arrived late and is not accepted, unless it is
   * the first report of a new JVM ({@link AgentReport#startsNewProcess()}), which restarts the
   * count even under a reused instance id.
   *
   * @return false if the report arrived late, so it changed nothing
   */
  synchronized boolean reported(AgentReport report) {
    if (report.sequence() < agent.sequence() && !report.startsNewProcess()) {
      return false;
    }
    agent = report;
    resolve();
    return true;
  }

  /**
   * Whether {@link #decide} at {@code now} would run: a period has passed since the last run. Lets
   * the caller skip copying the readings for a loop that is not due.
   */
  synchronized boolean due(Instant now, Duration period) {
    return lastRun == null || Duration.between(lastRun, now).compareTo(period) >= 0;
  }

  /**
   * Runs the tuners of the instance's pools on the telemetry that arrived since their last
   * decision, at most once per {@code period}, then resolves the desired state.
   *
   * @param readings the latest reading of each of the instance's pools
   * @param process the instance's latest CPU and GC telemetry
   * @param serving the service's pools that requests run on
   * @return false if the last run was less than a period ago (then nothing ran)
   * @throws IOException if a decision could not be journaled; it then did not take effect, and the
   *     pools decided before it keep their decisions
   */
  synchronized boolean decide(
      Instant now,
      Duration period,
      Map<String, PoolReading> readings,
      ProcessReading process,
      Set<String> serving)
      throws IOException {
    if (lastRun != null && Duration.between(lastRun, now).compareTo(period) < 0) {
      return false;
    }
    lastRun = now;
    try {
      if (context.settings().mode() == TuningMode.OFF) {
        tuning.clear();
        tuned.clear();
        return true;
      }
      ProcessFigures figures =
          ProcessFigures.between(lastProcess, process, context.defaultProcessors());
      lastProcess = process;
      tuning.keySet().removeIf(pool -> agent.pool(pool).isEmpty());
      tuned.keySet().removeIf(pool -> agent.pool(pool).isEmpty());
      floors.keySet().removeIf(pool -> agent.pool(pool).isEmpty());
      Map<String, PoolSizes> pins = context.pins(key.service());
      for (ReportedPool pool : agent.pools()) {
        if (!tunable(pool, pins)) {
          continue;
        }
        if (!serving.contains(pool.name()) && !context.settings().include().contains(pool.name())) {
          // Keep a size tuned earlier: requests may only have paused, or (after a restart) their
          // spans not have arrived yet; the pool should not jump back to its application's size.
          tuning.remove(pool.name());
          continue;
        }
        PoolReading reading = readings.get(pool.name());
        if (reading != null) {
          int floor = context.settings().floorOf(pool.name(), serving.contains(pool.name()));
          floors.put(pool.name(), floor);
          decide(pool, reading, figures, now, floor);
        }
      }
      return true;
    } finally {
      resolve();
    }
  }

  /** Whether a pool may be tuned at all; drops the tuning state of one that may not. */
  private boolean tunable(ReportedPool pool, Map<String, PoolSizes> pins) {
    if (pool.resizable() && pool.max() >= 1 && !pins.containsKey(pool.name())) {
      return true;
    }
    tuning.remove(pool.name());
    tuned.remove(pool.name());
    floors.remove(pool.name());
    return false;
  }

  private void decide(
      ReportedPool pool, PoolReading reading, ProcessFigures figures, Instant now, int floor)
      throws IOException {
    PoolTuning state = tuning.get(pool.name());
    if (state == null || state.floor != floor) {
      state = new PoolTuning(context.newTuner(floor), floor);
      tuning.put(pool.name(), state);
    }
    PoolTotals next = state.next(reading);
    if (!state.hasLast()) {
      state.advance();
      return;
    }
    Optional<PoolObservation> observed =
        ObservationConverter.observe(
            pool.name(), state.last(), next, pool.core(), pool.max(), figures);
    if (observed.isEmpty()) {
      return;
    }
    PoolObservation observation = observed.get();
    state.advance();
    Decision decision = state.tuner.decide(observation);
    boolean raised = decision.capacity().raised() && !state.capacityRaised;
    state.capacityRaised = decision.capacity().raised();
    // The capacity hook: replicas are decided from the tuner's signal, not here.
    context
        .capacity()
        .observed(
            PoolDemand.of(key.service(), key.instance(), now, observation, decision.capacity()));
    if (!decision.resizes() && !raised) {
      return;
    }
    journal(pool, observation, decision, now);
  }

  private void journal(
      ReportedPool pool, PoolObservation observation, Decision decision, Instant now)
      throws IOException {
    TuningMode mode = context.settings().mode();
    PoolSizes from = new PoolSizes(Math.max(1, observation.coreSize()), observation.maxSize());
    PoolSizes to = new PoolSizes(decision.coreSize(), decision.maxSize());
    boolean apply = mode == TuningMode.AUTO && decision.resizes();
    String reason = decision.reason();
    if (decision.capacity().raised() && !decision.capacity().evidence().isEmpty()) {
      reason = reason + "; needs capacity: " + decision.capacity().evidence();
    }
    if (mode == TuningMode.RECOMMEND) {
      reason = "recommend only: " + reason;
    }
    context
        .journal()
        .append(
            new JournalEntry.Tuned(
                now,
                key.service(),
                key.instance(),
                pool.name(),
                decision.action().name(),
                from,
                to,
                apply,
                decision.capacity().raised() ? decision.capacity().bottleneck().name() : "",
                reason));
    if (apply) {
      tuned.put(pool.name(), to);
    }
  }

  /**
   * Works out the desired state again from the pins of the instance's service, the node budget's
   * caps and the tuner's sizes, limited to the pools the instance reports, so a pool that appears
   * later gets its pin through a new version; publishes it.
   */
  synchronized void resolve() {
    Map<String, PoolSizes> pins = context.pins(key.service());
    boolean auto = context.settings().mode() == TuningMode.AUTO;
    List<DesiredPool> resolved = new ArrayList<>();
    for (ReportedPool pool : agent.pools()) {
      Optional<PoolSizes> tunerSize =
          auto ? Optional.ofNullable(tuned.get(pool.name())) : Optional.empty();
      PoolSizes application =
          new PoolSizes(
              Math.max(1, Math.min(pool.originalCore(), pool.originalMax())),
              Math.max(1, pool.originalMax()));
      OptionalInt cap =
          pool.resizable() ? context.cap(key.service(), pool.name()) : OptionalInt.empty();
      SizePrecedence.resolve(
              Optional.ofNullable(pins.get(pool.name())),
              cap,
              tunerSize,
              floors.getOrDefault(pool.name(), 1),
              application)
          .ifPresent(sizes -> resolved.add(new DesiredPool(pool.name(), sizes)));
    }
    resolved.sort(DesiredPool.BY_POOL);
    desired = List.copyOf(resolved);
  }
}
