package io.poolpilot.tuning;

/**
 * Sizes one thread pool, one control period at a time.
 *
 * <p>The sidecar keeps one tuner per pool and calls {@link #decide} once per control period with
 * that period's observation; the tuner returns the sizes it wants and whether it needs capacity
 * that threads cannot give. A tuner keeps whatever history it needs between calls, takes time only
 * from a clock handed to it, starts no threads and does no I/O, so a test or a simulator can drive
 * it period by period.
 */
public interface PoolTuner {

  /** The decision for the period {@code observation} describes. */
  Decision decide(PoolObservation observation);
}
