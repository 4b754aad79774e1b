package io.poolpilot.tuning.eval;

import com.netflix.concurrency.limits.limit.Gradient2Limit;
import io.poolpilot.tuning.CapacitySignal;
import io.poolpilot.tuning.Decision;
import io.poolpilot.tuning.PoolObservation;
import io.poolpilot.tuning.PoolTuner;
import io.poolpilot.tuning.sim.TaskSampleListener;

/**
 * Netflix concurrency-limits' {@link Gradient2Limit} (library 0.5.4) driving the pool size: every
 * task that ends is one sample (its run time as the RTT, the tasks running when it started as the
 * in-flight count), and each control period the pool is set to the limit. Its minimum limit is 1,
 * not the library's default 20, which is above the best size of most pools on two processors; the
 * other parameters are the library's defaults (smoothing 0.2, RTT tolerance 1.5, queue size 4, long
 * window 600 samples).
 */
final class Gradient2Baseline implements PoolTuner, TaskSampleListener {

  private final Gradient2Limit limit;
  private final int maxSize;

  Gradient2Baseline(int initialSize, int maxSize) {
    this.limit =
        Gradient2Limit.newBuilder()
            .initialLimit(initialSize)
            .minLimit(1)
            .maxConcurrency(maxSize)
            .build();
    this.maxSize = maxSize;
  }

  @Override
  public void onTaskEnd(double startSeconds, double executionSeconds, int runningAtStart) {
    limit.onSample(
        Math.round(startSeconds * 1e9),
        Math.max(1, Math.round(executionSeconds * 1e9)),
        runningAtStart,
        false);
  }

  @Override
  public Decision decide(PoolObservation observation) {
    int size = Math.max(1, Math.min(maxSize, limit.getLimit()));
    Decision.Action action =
        size == observation.coreSize()
            ? Decision.Action.HOLD
            : size > observation.coreSize() ? Decision.Action.GROW : Decision.Action.SHRINK;
    return new Decision(action, size, size, CapacitySignal.NONE, "gradient2 limit " + size);
  }
}
