package io.poolpilot.sidecar.tuning;

import io.poolpilot.sidecar.capacity.CapacityListener;
import io.poolpilot.sidecar.capacity.PoolDemand;
import io.poolpilot.sidecar.journal.Journal;
import io.poolpilot.sidecar.journal.JournalEntry;
import io.poolpilot.sidecar.model.AgentReport;
import io.poolpilot.sidecar.model.InstanceKey;
import io.poolpilot.sidecar.model.PoolKey;
import io.poolpilot.sidecar.model.PoolSizes;
import io.poolpilot.sidecar.model.PoolSnapshot;
import io.poolpilot.sidecar.model.ProcessSnapshot;
import io.poolpilot.sidecar.model.ReportedPool;
import io.poolpilot.sidecar.model.RunTimes;
import io.poolpilot.tuning.Decision;
import io.poolpilot.tuning.PoolObservation;
import io.poolpilot.tuning.PoolTuner;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs the tuner in the sidecar: one {@link PoolTuner} per (service, instance, pool), fed from the
 * model's latest snapshot of the instance's pools at most once per control period ({@link
 * #PERIOD}), from the instance's control poll.
 *
 * <h2>Which pools are tuned</h2>
 *
 * A pool is tuned when the agent reports it as resizable, it is not pinned (a pin always wins: the
 * pool's tuner is dropped and starts afresh once the pin is released), and either requests run on
 * it (server spans were seen on its threads) or its name is in {@code tuning.include}. Every other
 * pool is only observed. A pool that stops serving requests (or whose spans have not arrived since
 * a restart) is no longer tuned but keeps the size it was last tuned to, rather than jumping back
 * to its application's size; a pin, a pool the agent cannot resize or no longer reports drops it.
 * On start the sizes last issued (from the journal's replay) are taken as the tuned sizes of the
 * pools that are not pinned ({@link #resume}).
 *
 * <h2>Modes</h2>
 *
 * In {@link TuningMode#AUTO} the tuner's sizes become the pool's desired sizes; in {@link
 * TuningMode#RECOMMEND} the tuner runs and its decisions are journaled, but {@link #run} returns no
 * sizes; in {@link TuningMode#OFF} nothing runs. Each decision that resizes a pool, and each
 * decision that newly raises "needs capacity" (the first period it is raised after one where it was
 * not, so that a lasting shortage is journaled once rather than every second), is journaled with
 * the tuner's reason before it takes effect.
 *
 * <h2>From the model to the tuner's observation</h2>
 *
 * The model keeps less than {@link PoolObservation} asks for; what is missing is approximated:
 *
 * <ul>
 *   <li>arrivals per second: completed rate + rejected rate, plus the queue's growth per second
 *       since the previous snapshot when it grew. Tasks submitted and still waiting are otherwise
 *       invisible; the rates are over the agent's latest export interval, not the control period;
 *   <li>execution time: the mean and p99 of the run times of the tasks that ended in the latest
 *       export interval ({@code jvm.executor.task.duration}); where no task ended, or the exporter
 *       sends no run times, by Little's law busy threads over the completion rate ({@code active /
 *       completedRate}), with its p99 taken equal to that mean;
 *   <li>core and maximum size: the agent's control message (current), not the exported gauges;
 *   <li>CPU use, available processors, container throttling and GC time: the process's figures over
 *       its latest export interval ({@link ProcessSnapshot}). CPU use is the process's own, or the
 *       machine's when the process is its main consumer ({@link ProcessSnapshot#cpuForTuning}): fed
 *       the machine's CPU always, the tuner blamed the demo's I/O-bound service-b for service-a's
 *       CPU and shrank it; fed the process's only, it never saw service-a saturate the two cores it
 *       shared with the sidecar and the load generator. For a process that never sent them, CPU
 *       use, throttling and GC count as 0 (the tuner then never blames the CPU, though it can still
 *       find a concurrency limit by its own experiments) and the processors are those of the
 *       sidecar's host, which it shares with the application;
 *   <li>a reading the model does not have yet counts as 0.
 * </ul>
 *
 * A pool whose snapshot has not changed since its tuner last decided is skipped: the tuner would
 * see the same period twice.
 *
 * <p>Plain class, no Vert.x; {@link #run} writes to the journal and so blocks. {@link #run} and
 * {@link #forget} must take turns (the control service calls them under its own lock); {@link
 * #desired(InstanceKey)} may be called from any thread and never waits.
 */
public final class TuningService {

  /** The control period: the least time between two runs of one instance's tuners. */
  public static final Duration PERIOD = Duration.ofSeconds(1);

  private final TuningSettings settings;
  private final Journal journal;
  private final Clock clock;
  private final Function<String, Set<String>> requestPools;
  private final Supplier<PoolTuner> tunerFactory;
  private final int processors;
  private final Function<InstanceKey, Optional<ProcessSnapshot>> processes;
  private final CapacityListener capacity;
  private final Map<InstanceKey, InstanceState> instances = new HashMap<>();
  private final Map<InstanceKey, Map<String, PoolSizes>> published = new ConcurrentHashMap<>();

  private static final class InstanceState {
    Instant lastRun;
    final Map<String, PoolState> pools = new HashMap<>();
    final Map<String, PoolSizes> desired = new TreeMap<>();
  }

  private static final class PoolState {
    final PoolTuner tuner;
    long observedAtUnixNano = Long.MIN_VALUE;
    Instant decidedAt;
    long queued;
    boolean capacityRaised;

    PoolState(PoolTuner tuner) {
      this.tuner = tuner;
    }
  }

  /**
   * @param tunerFactory makes the tuner of a pool that starts being tuned
   * @param processors the processors the application is assumed to have where it never said
   * @param processes the latest CPU and GC figures of an instance, if it reported any
   */
  public TuningService(
      TuningSettings settings,
      Journal journal,
      Clock clock,
      Function<String, Set<String>> requestPools,
      Supplier<PoolTuner> tunerFactory,
      int processors,
      Function<InstanceKey, Optional<ProcessSnapshot>> processes) {
    this(
        settings,
        journal,
        clock,
        requestPools,
        tunerFactory,
        processors,
        processes,
        CapacityListener.NONE);
  }

  /**
   * @param capacity told each pool's demand and "needs capacity" signal after every decision
   */
  public TuningService(
      TuningSettings settings,
      Journal journal,
      Clock clock,
      Function<String, Set<String>> requestPools,
      Supplier<PoolTuner> tunerFactory,
      int processors,
      CapacityListener capacity) {
    this(
        settings,
        journal,
        clock,
        requestPools,
        tunerFactory,
        processors,
        key -> Optional.empty(),
        capacity);
  }

  /**
   * @param requestPools a service's pools that requests run on (server spans seen on them)
   * @param tunerFactory makes the tuner of a pool that starts being tuned
   * @param processors the processors the application is assumed to have where it never said
   * @param processes the latest CPU and GC figures of an instance, if it reported any
   * @param capacity told each pool's demand and "needs capacity" signal after every decision
   */
  public TuningService(
      TuningSettings settings,
      Journal journal,
      Clock clock,
      Function<String, Set<String>> requestPools,
      Supplier<PoolTuner> tunerFactory,
      int processors,
      Function<InstanceKey, Optional<ProcessSnapshot>> processes,
      CapacityListener capacity) {
    this.processes = Objects.requireNonNull(processes, "processes");
    this.capacity = Objects.requireNonNull(capacity, "capacity");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.journal = Objects.requireNonNull(journal, "journal");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.requestPools = Objects.requireNonNull(requestPools, "requestPools");
    this.tunerFactory = Objects.requireNonNull(tunerFactory, "tunerFactory");
    this.processors = Math.max(1, processors);
  }

  public TuningSettings settings() {
    return settings;
  }

  /**
   * Runs the tuners of one instance's pools, at most once per {@link #PERIOD}, and returns the
   * sizes the tuner wants for them (only in {@code auto} mode; pinned pools are never among them).
   *
   * @param agent the instance's latest control message: its pools and their current sizes
   * @param snapshots the model's snapshots; those of other instances are ignored
   * @param pins the pins of the instance's service, pool to sizes
   * @throws IOException if a decision could not be journaled; the desired sizes then stay as they
   *     were for that pool
   */
  public Map<String, PoolSizes> run(
      AgentReport agent, List<PoolSnapshot> snapshots, Map<String, PoolSizes> pins)
      throws IOException {
    InstanceKey key = agent.key();
    if (settings.mode() == TuningMode.OFF) {
      forget(key);
      return Map.of();
    }
    InstanceState state = instances.computeIfAbsent(key, k -> new InstanceState());
    Instant now = clock.instant();
    if (state.lastRun != null && Duration.between(state.lastRun, now).compareTo(PERIOD) < 0) {
      return desired(state, agent, pins);
    }
    state.lastRun = now;
    Set<String> serving = requestPools.apply(key.service());
    Map<PoolKey, PoolSnapshot> byKey = new HashMap<>();
    for (PoolSnapshot snapshot : snapshots) {
      if (snapshot.key().service().equals(key.service())
          && snapshot.key().instance().equals(key.instance())) {
        byKey.put(snapshot.key(), snapshot);
      }
    }
    state.pools.keySet().removeIf(pool -> agent.pool(pool).isEmpty());
    state.desired.keySet().removeIf(pool -> agent.pool(pool).isEmpty());
    for (ReportedPool reported : agent.pools()) {
      String pool = reported.name();
      if (!reported.resizable() || reported.max() < 1 || pins.containsKey(pool)) {
        state.pools.remove(pool);
        state.desired.remove(pool);
        continue;
      }
      if (!serving.contains(pool) && !settings.include().contains(pool)) {
        // Keep a size tuned earlier: requests may only have paused, or (after a restart) their
        // spans not have arrived yet; the pool should not jump back to its application's size.
        state.pools.remove(pool);
        continue;
      }
      PoolSnapshot snapshot = byKey.get(new PoolKey(key.service(), key.instance(), pool));
      if (snapshot == null) {
        continue;
      }
      PoolState poolState =
          state.pools.computeIfAbsent(pool, p -> new PoolState(tunerFactory.get()));
      if (snapshot.observedAtUnixNano() == poolState.observedAtUnixNano) {
        continue;
      }
      decide(key, reported, snapshot, poolState, state, now);
    }
    return desired(state, agent, pins);
  }

  private void decide(
      InstanceKey key,
      ReportedPool reported,
      PoolSnapshot snapshot,
      PoolState poolState,
      InstanceState state,
      Instant now)
      throws IOException {
    double period =
        poolState.decidedAt == null
            ? seconds(PERIOD)
            : Math.max(seconds(PERIOD), seconds(Duration.between(poolState.decidedAt, now)));
    double snapshotSeconds =
        poolState.observedAtUnixNano == Long.MIN_VALUE
            ? 0
            : (snapshot.observedAtUnixNano() - poolState.observedAtUnixNano) / 1e9;
    ProcessSnapshot process = processes.apply(key).orElse(ProcessSnapshot.UNKNOWN);
    PoolObservation observation =
        observation(
            reported, snapshot, period, poolState.queued, snapshotSeconds, process, processors);
    Decision decision = poolState.tuner.decide(observation);
    poolState.observedAtUnixNano = snapshot.observedAtUnixNano();
    poolState.decidedAt = now;
    poolState.queued = observation.queueLength();
    boolean raised = decision.capacity().raised() && !poolState.capacityRaised;
    poolState.capacityRaised = decision.capacity().raised();
    // The capacity hook: replicas are decided from the tuner's signal, not here.
    capacity.observed(
        PoolDemand.of(key.service(), key.instance(), now, observation, decision.capacity()));
    if (!decision.resizes() && !raised) {
      return;
    }
    PoolSizes from = new PoolSizes(Math.max(1, observation.coreSize()), observation.maxSize());
    PoolSizes to = new PoolSizes(decision.coreSize(), decision.maxSize());
    boolean apply = settings.mode() == TuningMode.AUTO && decision.resizes();
    String reason = decision.reason();
    if (decision.capacity().raised() && !decision.capacity().evidence().isEmpty()) {
      reason = reason + "; needs capacity: " + decision.capacity().evidence();
    }
    if (settings.mode() == TuningMode.RECOMMEND) {
      reason = "recommend only: " + reason;
    }
    journal.append(
        new JournalEntry.Tuned(
            now,
            key.service(),
            key.instance(),
            reported.name(),
            decision.action().name(),
            from,
            to,
            apply,
            decision.capacity().raised() ? decision.capacity().bottleneck().name() : "",
            reason));
    if (apply) {
      state.desired.put(reported.name(), to);
    }
  }

  /** The tuner's sizes for an instance's pools as last decided; empty unless in {@code auto}. */
  public Map<String, PoolSizes> desired(InstanceKey key) {
    return published.getOrDefault(key, Map.of());
  }

  /**
   * Takes the sizes last issued to an instance, before a restart, as its tuned sizes, so that a
   * restart does not send its pools back to their application's sizes. Only in {@code auto}.
   *
   * @param sizes pool to sizes, pinned pools left out
   */
  public void resume(InstanceKey key, Map<String, PoolSizes> sizes) {
    if (settings.mode() != TuningMode.AUTO || sizes.isEmpty()) {
      return;
    }
    InstanceState state = instances.computeIfAbsent(key, k -> new InstanceState());
    state.desired.putAll(sizes);
    published.put(key, Map.copyOf(state.desired));
  }

  /** Forgets an instance's tuners, for example once it expired. */
  public void forget(InstanceKey key) {
    instances.remove(key);
    published.remove(key);
    capacity.forget(key);
  }

  private Map<String, PoolSizes> desired(
      InstanceState state, AgentReport agent, Map<String, PoolSizes> pins) {
    if (settings.mode() != TuningMode.AUTO) {
      return Map.of();
    }
    Map<String, PoolSizes> desired = new TreeMap<>();
    state.desired.forEach(
        (pool, sizes) -> {
          if (!pins.containsKey(pool) && agent.pool(pool).isPresent()) {
            desired.put(pool, sizes);
          }
        });
    Map<String, PoolSizes> copy = Map.copyOf(desired);
    published.put(agent.key(), copy);
    return copy;
  }

  /**
   * One period's observation of a pool, from the model's snapshot and the agent's report (see the
   * class javadoc for what is approximated).
   *
   * @param previousQueued queue length at the previous observation
   * @param snapshotSeconds time between the previous snapshot and this one, 0 if none
   */
  static PoolObservation observation(
      ReportedPool reported,
      PoolSnapshot snapshot,
      double periodSeconds,
      long previousQueued,
      double snapshotSeconds,
      ProcessSnapshot process,
      int defaultProcessors) {
    double completions = finite(snapshot.completedRate().orElse(0));
    double rejections = finite(snapshot.rejectedRate().orElse(0));
    long queued = Math.max(0, snapshot.queued().orElse(0));
    double queueGrowth =
        snapshotSeconds > 0 && queued > previousQueued
            ? (queued - previousQueued) / snapshotSeconds
            : 0;
    double busy = Math.max(0, snapshot.active().orElse(0));
    RunTimes runTimes = snapshot.runTime();
    double execution =
        runTimes.samples() > 0
            ? runTimes.meanSeconds().orElse(0)
            : completions > 0 ? busy / completions : 0;
    double executionP99 =
        runTimes.samples() > 0 ? runTimes.p99Seconds().orElse(execution) : execution;
    int max = Math.max(1, reported.max());
    int core = Math.min(Math.max(0, reported.core()), max);
    return new PoolObservation(
        reported.name(),
        periodSeconds,
        completions + rejections + finite(queueGrowth),
        completions,
        finite(snapshot.queueWait().p50Seconds().orElse(0)),
        finite(snapshot.queueWait().p99Seconds().orElse(0)),
        finite(execution),
        finite(Math.max(execution, executionP99)),
        busy,
        core,
        max,
        (int) Math.min(Integer.MAX_VALUE, queued),
        rejections,
        finite(snapshot.oldestAgeSeconds().orElse(0)),
        process.cpuForTuning(),
        process.processors() > 0 ? process.processors() : defaultProcessors,
        process.throttledFraction(),
        process.gcTimeFraction());
  }

  private static double finite(double value) {
    return Double.isFinite(value) && value > 0 ? value : 0;
  }

  private static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }
}
