package io.poolpilot.tuning;

import io.poolpilot.tuning.CapacitySignal.Bottleneck;

/**
 * Decides when the pool needs capacity that threads cannot give.
 *
 * <ul>
 *   <li>CPU: the CPU is saturated (or throttled), the objective is missed, the pool is already at
 *       the smallest size that keeps the processors busy, and the load wants more than all of them
 *       ({@code λ × CPU per task >= 1.1 × processors}: smoothed arrivals so that one burst does not
 *       count, and a tenth of margin because the CPU per task is read from process CPU, which
 *       includes what switching between too many threads costs), for {@value #CPU_CONFIRM_PERIODS}
 *       periods running.
 *   <li>Concurrency: growing did not raise throughput (a ceiling, re-tried once), shrinking lost
 *       throughput (a probe floor) and the backlog persists, not shrinking (arrivals at least
 *       completions), with the CPU not saturated, for {@value #CONCURRENCY_CONFIRM_PERIODS} periods
 *       running: a downstream or a lock is saturated. Under an overload (arrivals at least {@value
 *       #OVERLOAD} times completions) the ceiling need not have been re-tried: no size makes up
 *       that shortfall, and the tuner holds rather than re-testing.
 * </ul>
 *
 * Three and five periods: long enough that one bad second or a backlog left by a step does not page
 * anybody, short enough to ask within fifteen. Concurrency waits longer because its evidence comes
 * from experiments that noise can mislead.
 */
final class CapacityDetector {

  static final int CPU_CONFIRM_PERIODS = 4;
  static final int CONCURRENCY_CONFIRM_PERIODS = 5;
  static final double CPU_DEMAND_SHARE = 1.1;
  static final double OVERLOAD = 1.5;

  private int cpuStreak;
  private int concurrencyStreak;

  /**
   * @param lowestUsefulCpuSize the smallest size a CPU probe may reach now
   * @param heldForBudget the tuner wanted to probe further but its reversal budget was spent: the
   *     pool is at the smallest size it may reach for now
   */
  CapacitySignal assess(
      PeriodView view,
      WorkloadEstimate estimate,
      LearnedLimits limits,
      int lowestUsefulCpuSize,
      boolean heldForBudget) {
    PoolObservation o = view.observation;
    double cpuWanted = estimate.arrivals() * estimate.cpuPerTask();
    boolean cpuShort = view.throttled || cpuWanted >= CPU_DEMAND_SHARE * o.availableProcessors();
    boolean cpuLimited =
        view.cpuSaturated && view.violated && cpuShort && view.size <= lowestUsefulCpuSize;
    cpuStreak = cpuLimited ? cpuStreak + 1 : 0;
    boolean concurrencyLimited =
        !view.cpuSaturated
            && view.backlogged
            && estimate.arrivals() >= estimate.recentCompletions()
            && limits.ceilingFor(Bottleneck.CONCURRENCY)
            && (limits.ceiling().retested()
                || estimate.arrivals() >= OVERLOAD * estimate.recentCompletions())
            && (heldForBudget || limits.probeFloorSize(Bottleneck.CONCURRENCY) >= view.size);
    concurrencyStreak = concurrencyLimited ? concurrencyStreak + 1 : 0;
    if (cpuStreak >= CPU_CONFIRM_PERIODS) {
      return CapacitySignal.raise(
          view.throttled ? Bottleneck.CPU_QUOTA : Bottleneck.CPU,
          Math.max(1, cpuWanted / o.availableProcessors()),
          Reasons.cpu(view)
              + ": "
              + Reasons.rate(estimate.arrivals())
              + " × "
              + Reasons.duration(estimate.cpuPerTask())
              + " CPU = "
              + Reasons.number(cpuWanted)
              + " processors wanted; "
              + Reasons.waitVersusObjective(view)
              + " at "
              + view.size
              + " threads");
    }
    if (concurrencyStreak >= CONCURRENCY_CONFIRM_PERIODS) {
      double delivered = Math.max(1e-9, estimate.recentCompletions());
      return CapacitySignal.raise(
          Bottleneck.CONCURRENCY,
          Math.max(1, estimate.arrivals() / delivered),
          limits.evidence()
              + "; "
              + Reasons.rate(estimate.arrivals())
              + " arriving, "
              + Reasons.rate(delivered)
              + " completing; "
              + Reasons.waitVersusObjective(view));
    }
    return CapacitySignal.NONE;
  }
}
