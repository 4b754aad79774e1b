package io.poolpilot.sidecar.model;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
 * <p>Thread-safe: ingest writes and the API reads from different event loops.
 */
public final class PoolModel {

  private final Map<PoolKey, PoolState> pools = new HashMap<>();

  /** Applies one export's readings of one pool. */
  public synchronized void record(PoolReport report) {
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

  private static final class PoolState {
    final Map<PoolValue, Double> values = new EnumMap<>(PoolValue.class);
    CumulativeHistogram lastQueueWait;
    WaitQuantiles queueWait = WaitQuantiles.NONE;
    PoolSnapshot snapshot;
  }
}
