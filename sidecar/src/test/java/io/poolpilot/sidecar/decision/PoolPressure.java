package io.poolpilot.sidecar.decision;

import io.poolpilot.protocol.histogram.ExponentialHistogram;
import io.poolpilot.protocol.histogram.HistogramRecorder;
import io.poolpilot.sidecar.model.CounterPoint;
import io.poolpilot.sidecar.model.HistogramPoint;
import io.poolpilot.sidecar.model.PoolKey;
import io.poolpilot.sidecar.model.PoolReport;
import io.poolpilot.sidecar.model.PoolValue;
import io.poolpilot.sidecar.model.Temporality;
import java.util.Map;
import java.util.Optional;

/**
 * The exports of one pool under pressure, as the agent sends them (cumulative counts and
 * histograms): all {@code size} threads busy, 40 tasks waiting, 100 tasks completed a second, each
 * waiting 300 ms at the median and 600 ms at the 99th percentile, far over the 50 ms objective.
 */
final class PoolPressure {
  static final long SECOND = 1_000_000_000L;
  private static final long START = SECOND;

  private final PoolKey key;
  private final HistogramRecorder waits = new HistogramRecorder();
  private long completed;

  PoolPressure(PoolKey key) {
    this.key = key;
  }

  /** The export at {@code timeUnixNano}, one second of work after the previous one. */
  PoolReport export(long timeUnixNano, int size) {
    completed += 100;
    for (int i = 0; i < 98; i++) {
      waits.record(0.3);
    }
    waits.record(0.6);
    waits.record(0.6);
    ExponentialHistogram histogram = waits.snapshot();
    return new PoolReport(
        key,
        timeUnixNano,
        Map.of(
            PoolValue.CORE,
            (double) size,
            PoolValue.MAX,
            (double) size,
            PoolValue.ACTIVE,
            (double) size,
            PoolValue.IDLE,
            0.0,
            PoolValue.QUEUED,
            40.0,
            PoolValue.OLDEST_AGE_SECONDS,
            0.7),
        Map.of(
            PoolValue.COMPLETED,
            new CounterPoint(Temporality.CUMULATIVE, START, timeUnixNano, completed),
            PoolValue.REJECTED,
            new CounterPoint(Temporality.CUMULATIVE, START, timeUnixNano, 0)),
        Optional.of(HistogramPoint.cumulative(START, timeUnixNano, histogram)));
  }
}
