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
import java.util.Set;

/**
 * The sidecar's picture of every pool it has heard of, built from {@link PoolReport}s.
 *
 * <p>Readings are kept as last reported. Queue-wait quantiles come from the difference between a
 * pool's two newest cumulative histograms, so they describe the tasks of one export interval rather
 * than the process's whole life, which would hide a backlog that began a minute ago. When there is
 * no usable baseline (the first export, a new start time, or buckets that shrank) the whole
 * cumulative histogram is the interval. A report no newer than the last one applied is a retry or
 * arrived out of order, and is ignored so it cannot produce an empty interval.
 *
 * <p>Beside the readings, the model keeps one entry per process ({@link InstanceKey}): when the
 * sidecar last heard from it, by the sidecar's clock, and the latest control message of its
 * PoolPilot agent. A control message with a lower sequence number than the one already applied
 * arrived late and is not applied, unless it is the first message of a new JVM ({@link
 * AgentReport#startsNewProcess()}). A process silent for longer than the expiry is forgotten with
 * all its pools ({@link #expire(Duration)}).
 *
 * <p>Thread-safe: ingest writes and the API reads from different event loops.
 */
public final class PoolModel {

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

  /** Applies one export's readings of one pool. */
  public synchronized void record(PoolReport report) {
    touch(InstanceKey.of(report.key()));
    PoolState state = pools.computeIfAbsent(report.key(), key -> new PoolState());
    if (state.snapshot != null && report.timeUnixNano() <= state.snapshot.observedAtUnixNano()) {
      return;
    }
    state.values.putAll(report.values());
    report
        .queueWait()
        .ifPresent(
            current -> {
              state.queueWait = WaitQuantiles.of(interval(state.lastQueueWait, current));
              state.lastQueueWait = current;
            });
    state.snapshot =
        PoolSnapshot.of(report.key(), report.timeUnixNano(), state.values, state.queueWait);
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
                    Optional.ofNullable(state.agent))));
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

  private static ExponentialHistogram interval(
      CumulativeHistogram previous, CumulativeHistogram current) {
    if (previous == null || previous.startTimeUnixNano() != current.startTimeUnixNano()) {
      return current.histogram();
    }
    try {
      return current.histogram().minus(previous.histogram());
    } catch (IllegalArgumentException seriesRestarted) {
      return current.histogram();
    }
  }

  private static final class InstanceState {
    long lastSeenMillis;
    AgentReport agent;
  }

  private static final class PoolState {
    final Map<PoolValue, Double> values = new EnumMap<>(PoolValue.class);
    CumulativeHistogram lastQueueWait;
    WaitQuantiles queueWait = WaitQuantiles.NONE;
    PoolSnapshot snapshot;
  }
}
