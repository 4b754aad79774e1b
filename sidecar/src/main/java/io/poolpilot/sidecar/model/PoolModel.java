package io.poolpilot.sidecar.model;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The sidecar's picture of every pool it has heard of, built from {@link PoolReport}s.
 *
 * <p>Gauge readings are kept as last reported. Counters become totals and per-second rates, and
 * queue-wait histograms become the quantiles of one export interval, whatever their temporality
 * ({@link CounterSeries}, {@link HistogramSeries}): an interval rather than the process's whole
 * life, which would hide a backlog that began a minute ago. A report no newer than the last one
 * applied is a retry or arrived out of order, and is ignored so it cannot produce an empty
 * interval.
 *
 * <p>History: each applied report also appends a {@link PoolSample} to its pool's ring, stamped
 * with the sidecar's clock. A ring keeps the samples of the last {@link #HISTORY_WINDOW} and at
 * most {@link #HISTORY_SAMPLES} of them (15 minutes at the agent's default 1 s export interval; an
 * exporter that reports faster gets a shorter history). With at most {@link #MAX_POOLS} pools of
 * about 100 KB of history each, the model stays below about 50 MB however much it is sent.
 *
 * <p>Beside the readings, the model keeps one entry per process ({@link InstanceKey}): when the
 * sidecar last heard from it, by the sidecar's clock, what telemetry distribution its resource
 * named, and the latest control message of its PoolPilot agent. Only a control message makes a
 * process controlled; telemetry alone, from PoolPilot's agent or any other OTLP sender, never does.
 * A control message with a lower sequence number than the one already applied arrived late and is
 * not applied, unless it is the first message of a new JVM ({@link
 * AgentReport#startsNewProcess()}). A process silent for longer than the expiry is forgotten with
 * all its pools and their history ({@link #expire(Duration)}).
 *
 * <p>Thread-safe: ingest writes and the API reads from different event loops.
 */
public final class PoolModel {

  /** How far back a pool's history reaches. */
  public static final Duration HISTORY_WINDOW = Duration.ofMinutes(15);

  /** The most samples one pool's history holds: 15 minutes at one export per second. */
  public static final int HISTORY_SAMPLES = 900;

  /**
   * The most pools the model tracks at once. Pool names are low in cardinality by design; a sender
   * that invents more is refused rather than allowed to grow the sidecar's memory without bound.
   */
  public static final int MAX_POOLS = 512;

  private final Clock clock;
  private final Map<PoolKey, PoolState> pools = new HashMap<>();
  private final Map<InstanceKey, InstanceState> instances = new HashMap<>();

  public PoolModel() {
    this(Clock.systemUTC());
  }

  /**
   * @param clock stamps when each process was last heard from
   */
  public PoolModel(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Applies one export's readings of one pool.
   *
   * @return false if the pool is new and the model tracks {@link #MAX_POOLS} pools already; then
   *     nothing was recorded
   */
  public boolean record(PoolReport report) {
    return record(report, OptionalDouble.empty());
  }

  /**
   * Applies one export's readings of one pool, with its process's latest CPU use for the history.
   *
   * @param processCpu the process's CPU use, 0 to 1 of its processors; empty if unknown
   * @return false if the pool is new and the model tracks {@link #MAX_POOLS} pools already; then
   *     nothing was recorded
   */
  public synchronized boolean record(PoolReport report, OptionalDouble processCpu) {
    PoolState state = pools.get(report.key());
    if (state == null) {
      if (pools.size() >= MAX_POOLS) {
        return false;
      }
      state = new PoolState();
      pools.put(report.key(), state);
    }
    touch(InstanceKey.of(report.key()));
    if (state.snapshot != null && report.timeUnixNano() <= state.snapshot.observedAtUnixNano()) {
      return true;
    }
    state.values.putAll(report.values());
    for (Map.Entry<PoolValue, CounterPoint> counter : report.counters().entrySet()) {
      state
          .counters
          .computeIfAbsent(counter.getKey(), k -> new CounterSeries())
          .accept(counter.getValue());
    }
    PoolState pool = state;
    report
        .queueWait()
        .ifPresent(point -> pool.queueWait = WaitQuantiles.of(pool.waits.accept(point)));
    report.runTime().ifPresent(point -> pool.runTime = RunTimes.of(pool.runTimes.accept(point)));
    state.snapshot =
        PoolSnapshot.of(
            report.key(),
            report.timeUnixNano(),
            state.values,
            state.counters,
            state.queueWait,
            state.runTime);
    Instant now = clock.instant();
    Instant oldest = now.minus(HISTORY_WINDOW);
    state.history.dropOldestWhile(sample -> sample.at().isBefore(oldest));
    state.history.add(PoolSample.of(now, state.snapshot, processCpu));
    return true;
  }

  /**
   * Notes that a process sent telemetry, before or without any pool in it (spans, other metrics).
   *
   * @param distro the resource's {@code telemetry.distro.name}, empty when it named none
   */
  public synchronized void heard(InstanceKey key, String distro) {
    Objects.requireNonNull(distro, "distro");
    InstanceState state = touch(key);
    if (!distro.isEmpty()) {
      state.distro = distro;
    }
  }

  /**
   * The history of pool {@code pool} in every process of {@code service} that reports it, ordered
   * by instance: samples of the last {@link #HISTORY_WINDOW} by the model's clock, oldest first.
   */
  public synchronized List<PoolHistory> history(String service, String pool) {
    Instant oldest = clock.instant().minus(HISTORY_WINDOW);
    List<PoolHistory> histories = new ArrayList<>();
    pools.forEach(
        (key, state) -> {
          if (key.service().equals(service) && key.pool().equals(pool)) {
            List<PoolSample> samples =
                state.history.toList().stream()
                    .filter(sample -> !sample.at().isBefore(oldest))
                    .toList();
            histories.add(new PoolHistory(key, samples));
          }
        });
    histories.sort((a, b) -> a.key().compareTo(b.key()));
    return List.copyOf(histories);
  }

  /**
   * Applies one control message of a PoolPilot agent.
   *
   * @return false if a message with a higher sequence number from the same process was applied
   *     already, so this one changed nothing but the time the process was last heard from
   */
  public synchronized boolean record(AgentReport report) {
    InstanceState state = touch(report.key());
    if (state.agent != null
        && report.sequence() < state.agent.sequence()
        && !report.startsNewProcess()) {
      return false;
    }
    state.agent = report;
    return true;
  }

  /** The latest accepted control message of a process, if a PoolPilot agent polls for it. */
  public synchronized Optional<AgentReport> agent(InstanceKey key) {
    InstanceState state = instances.get(key);
    return state == null ? Optional.empty() : Optional.ofNullable(state.agent);
  }

  /** Every known process, ordered by service, then instance id. */
  public synchronized List<InstanceSnapshot> instances() {
    List<InstanceSnapshot> all = new ArrayList<>(instances.size());
    instances.forEach(
        (key, state) ->
            all.add(
                new InstanceSnapshot(
                    key,
                    Instant.ofEpochMilli(state.lastSeenMillis),
                    Optional.ofNullable(state.agent),
                    Optional.ofNullable(state.distro))));
    all.sort((a, b) -> a.key().compareTo(b.key()));
    return List.copyOf(all);
  }

  /**
   * Forgets every process not heard from for longer than {@code silence}, with its pools.
   *
   * @return the processes forgotten now; each is returned once, so a caller can log it once
   */
  public synchronized List<ExpiredInstance> expire(Duration silence) {
    long now = clock.millis();
    List<ExpiredInstance> expired = new ArrayList<>();
    for (Iterator<Map.Entry<InstanceKey, InstanceState>> it = instances.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<InstanceKey, InstanceState> entry = it.next();
      long silentMillis = now - entry.getValue().lastSeenMillis;
      if (silentMillis <= silence.toMillis()) {
        continue;
      }
      it.remove();
      InstanceKey key = entry.getKey();
      Set<String> poolNames = new HashSet<>();
      for (Iterator<PoolKey> pool = pools.keySet().iterator(); pool.hasNext(); ) {
        PoolKey poolKey = pool.next();
        if (InstanceKey.of(poolKey).equals(key)) {
          poolNames.add(poolKey.pool());
          pool.remove();
        }
      }
      if (entry.getValue().agent != null) {
        entry.getValue().agent.pools().forEach(pool -> poolNames.add(pool.name()));
      }
      expired.add(new ExpiredInstance(key, Duration.ofMillis(silentMillis), poolNames.size()));
    }
    expired.sort((a, b) -> a.key().compareTo(b.key()));
    return List.copyOf(expired);
  }

  private InstanceState touch(InstanceKey key) {
    InstanceState state = instances.computeIfAbsent(key, k -> new InstanceState());
    state.lastSeenMillis = clock.millis();
    return state;
  }

  /** Every known pool, ordered by service, pool name, then instance. */
  public synchronized List<PoolSnapshot> snapshots() {
    List<PoolSnapshot> all = new ArrayList<>(pools.size());
    for (PoolState state : pools.values()) {
      all.add(state.snapshot);
    }
    all.sort((a, b) -> a.key().compareTo(b.key()));
    return List.copyOf(all);
  }

  private static final class InstanceState {
    long lastSeenMillis;
    AgentReport agent;
    String distro;
  }

  private static final class PoolState {
    final Map<PoolValue, Double> values = new EnumMap<>(PoolValue.class);
    final Map<PoolValue, CounterSeries> counters = new EnumMap<>(PoolValue.class);
    final HistogramSeries waits = new HistogramSeries();
    final HistogramSeries runTimes = new HistogramSeries();
    final SampleRing<PoolSample> history = new SampleRing<>(HISTORY_SAMPLES);
    WaitQuantiles queueWait = WaitQuantiles.NONE;
    RunTimes runTime = RunTimes.NONE;
    PoolSnapshot snapshot;
  }
}
