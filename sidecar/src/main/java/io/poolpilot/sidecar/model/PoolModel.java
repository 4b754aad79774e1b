package io.poolpilot.sidecar.model;

import io.poolpilot.tuning.telemetry.PoolReading;
import io.poolpilot.tuning.telemetry.TelemetryInterval;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The sidecar's picture of every pool it has heard of, built from {@link PoolReport}s.
 *
 * <p>Each pool's telemetry is kept as the agent exports it, whatever the sender's temporality
 * ({@link CountAccumulator}, {@link HistogramAccumulator}): its latest {@link PoolReading}, which
 * the decision loop turns into the tuner's observations, and the gauges as last reported. The
 * snapshot the API shows holds the rates and quantiles of the interval between the two latest
 * readings ({@link TelemetryInterval}): an export interval rather than the process's whole life,
 * which would hide a backlog that began a minute ago. A report no newer than the last one applied
 * is a retry or arrived out of order, and is ignored so it cannot produce an empty interval.
 *
 * <p>History: each applied report also appends a {@link PoolSample} to its pool's ring, stamped
 * with the sidecar's clock. A ring keeps the samples of the last {@link #HISTORY_WINDOW} and at
 * most {@link #HISTORY_SAMPLES} of them (15 minutes at the agent's default 1 s export interval; an
 * exporter that reports faster gets a shorter history). With at most {@link #MAX_POOLS} pools of
 * about 100 KB of history each, the model stays below about 50 MB however much it is sent.
 *
 * <p>Beside the readings, the model keeps one entry per process ({@link InstanceKey}): when the
 * sidecar last heard from it (telemetry, or a control message: see {@link #heard}), by the
 * sidecar's clock, and what telemetry distribution its resource named. A process silent for longer
 * than the expiry is forgotten with all its pools and their history ({@link #expire(Duration)}).
 * Whether a process is controlled is the control side's business, not the model's.
 *
 * <p>Thread-safe: ingest writes and the API and the decision loops read from different threads. The
 * listener given to {@link #onReading} is called after each applied report, outside the lock.
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
  private final Map<InstanceKey, InstanceState> instances = new HashMap<>();
  private int poolCount;
  private volatile Consumer<InstanceKey> readingListener = key -> {};

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
   * Has {@code listener} told, with the process, every time a report gave one of its pools a new
   * reading. It must return at once (it runs on the ingest's thread).
   */
  public void onReading(Consumer<InstanceKey> listener) {
    this.readingListener = Objects.requireNonNull(listener, "listener");
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
  public boolean record(PoolReport report, OptionalDouble processCpu) {
    InstanceKey instance = InstanceKey.of(report.key());
    boolean applied;
    synchronized (this) {
      InstanceState owner = touch(instance);
      PoolState state = owner.pools.get(report.key().pool());
      if (state == null) {
        if (poolCount >= MAX_POOLS) {
          return false;
        }
        state = new PoolState();
        owner.pools.put(report.key().pool(), state);
        poolCount++;
      }
      applied = state.apply(report, processCpu, clock.instant());
    }
    if (applied) {
      readingListener.accept(instance);
    }
    return true;
  }

  /**
   * Notes that a process was heard from: it sent telemetry, before or without any pool in it
   * (spans, other metrics), or a control message.
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
    instances.forEach(
        (key, state) -> {
          PoolState poolState = key.service().equals(service) ? state.pools.get(pool) : null;
          if (poolState != null) {
            List<PoolSample> samples =
                poolState.history.toList().stream()
                    .filter(sample -> !sample.at().isBefore(oldest))
                    .toList();
            histories.add(new PoolHistory(new PoolKey(service, key.instance(), pool), samples));
          }
        });
    histories.sort((a, b) -> a.key().compareTo(b.key()));
    return List.copyOf(histories);
  }

  /** The latest reading of each pool of one process, by pool name; empty for an unknown one. */
  public synchronized Map<String, PoolReading> readings(InstanceKey key) {
    InstanceState state = instances.get(key);
    if (state == null) {
      return Map.of();
    }
    Map<String, PoolReading> readings = new HashMap<>();
    state.pools.forEach((pool, poolState) -> readings.put(pool, poolState.latest));
    return readings;
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
                    Optional.ofNullable(state.distro))));
    all.sort((a, b) -> a.key().compareTo(b.key()));
    return List.copyOf(all);
  }

  /**
   * Forgets every process not heard from for longer than {@code silence}, with its pools.
   *
   * @return the processes forgotten now, each with the names of its pools; each is returned once,
   *     so a caller can log it once
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
      Set<String> pools = new TreeSet<>(entry.getValue().pools.keySet());
      poolCount -= pools.size();
      expired.add(new ExpiredInstance(entry.getKey(), Duration.ofMillis(silentMillis), pools));
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
    List<PoolSnapshot> all = new ArrayList<>(poolCount);
    for (InstanceState state : instances.values()) {
      for (PoolState pool : state.pools.values()) {
        all.add(pool.snapshot);
      }
    }
    all.sort((a, b) -> a.key().compareTo(b.key()));
    return List.copyOf(all);
  }

  private static final class InstanceState {
    long lastSeenMillis;
    String distro;
    final Map<String, PoolState> pools = new HashMap<>();
  }

  private static final class PoolState {
    final Map<PoolValue, Double> values = new EnumMap<>(PoolValue.class);
    final CountAccumulator completed = new CountAccumulator();
    final CountAccumulator rejected = new CountAccumulator();
    final HistogramAccumulator waits = new HistogramAccumulator();
    final HistogramAccumulator runTimes = new HistogramAccumulator();
    final SampleRing<PoolSample> history = new SampleRing<>(HISTORY_SAMPLES);
    PoolReading latest;
    PoolSnapshot snapshot;

    /** Applies a report newer than the latest one; false (and nothing changes) for an older one. */
    boolean apply(PoolReport report, OptionalDouble processCpu, Instant now) {
      if (latest != null && report.timeUnixNano() <= latest.timeUnixNano()) {
        return false;
      }
      values.putAll(report.values());
      CounterPoint completedPoint = report.counters().get(PoolValue.COMPLETED);
      if (completedPoint != null) {
        completed.accept(completedPoint);
      }
      CounterPoint rejectedPoint = report.counters().get(PoolValue.REJECTED);
      if (rejectedPoint != null) {
        rejected.accept(rejectedPoint);
      }
      report.queueWait().ifPresent(waits::accept);
      report.runTime().ifPresent(runTimes::accept);
      PoolReading reading =
          new PoolReading(
              report.timeUnixNano(),
              completed.total(),
              rejected.total(),
              waits.total(),
              runTimes.total(),
              values.getOrDefault(PoolValue.ACTIVE, 0.0),
              Math.round(values.getOrDefault(PoolValue.QUEUED, 0.0)),
              values.getOrDefault(PoolValue.OLDEST_AGE_SECONDS, 0.0));
      Optional<TelemetryInterval> interval =
          latest == null ? Optional.empty() : TelemetryInterval.between(latest, reading);
      latest = reading;
      snapshot =
          PoolSnapshot.of(
              report.key(), values, reading, completed.seen(), rejected.seen(), interval);
      Instant oldest = now.minus(HISTORY_WINDOW);
      history.dropOldestWhile(sample -> sample.at().isBefore(oldest));
      history.add(PoolSample.of(now, snapshot, processCpu));
      return true;
    }
  }
}
