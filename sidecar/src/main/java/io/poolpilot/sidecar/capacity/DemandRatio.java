package io.poolpilot.sidecar.capacity;

/**
 * The demand ratio: the work arriving over the work an instance can do within its objective. 1
 * means the instance is exactly as busy as it should be; 1.5 means it would take one and a half of
 * it; 0.4 means less than half of it would do. A service's replicas follow it as a Kubernetes HPA
 * does: {@code desired = ceil(current × ratio)}.
 *
 * <p>Per pool, with {@code u} the target utilisation ({@code capacity.target-utilization}, 0.8 by
 * default):
 *
 * <ul>
 *   <li>CPU (the tuner's bottleneck is {@code CPU} or {@code CPU_QUOTA}): {@code λ × c / (P × u)},
 *       arrivals per second times CPU seconds per task over usable processors times the target. A
 *       processor kept busier than {@code u} makes queueing, and so latency, grow fast (a
 *       processor-sharing queue's waiting time grows with {@code 1 / (1 − ρ)}). Without a CPU
 *       reading it is the tuner's own ratio (processors wanted over processors) over {@code u}.
 *   <li>Concurrency (a downstream, a connection pool or a lock; more threads only queue on it):
 *       arrivals over completions at the limit, over {@code u}: what arrives over the most the
 *       limit lets through, with the same headroom.
 *   <li>Threads can still help (no bottleneck raised): the same CPU figure when the CPU is known,
 *       else busy threads over {@code maxSize × u}, never above 1. Below 1 it is the utilisation a
 *       scale-in suggestion reads; it never asks for replicas the tuner has not asked for, so a
 *       pool that only needs threads gets threads, not machines.
 * </ul>
 *
 * An instance's ratio is the highest of its pools' (the pool shortest of capacity decides); a
 * service's is the mean of its instances', which is what an HPA computes from the per-pod metric
 * {@code poolpilot_capacity_desired_ratio} with a target average value of 1.
 */
public final class DemandRatio {

  private DemandRatio() {}

  /** The pool's demand ratio for target utilisation {@code target} (0 to 1). */
  public static double of(PoolDemand demand, double target) {
    if (!(target > 0 && target <= 1)) {
      throw new IllegalArgumentException("target utilisation " + target + " outside (0, 1]");
    }
    double cpu =
        demand.cpuSecondsPerTask() > 0
            ? demand.arrivalsPerSecond()
                * demand.cpuSecondsPerTask()
                / (demand.availableProcessors() * target)
            : Double.NaN;
    if (!demand.threadsCannotHelp()) {
      double utilisation =
          Double.isNaN(cpu) ? demand.busyThreads() / (demand.maxSize() * target) : cpu;
      return finite(Math.min(1, utilisation));
    }
    return switch (demand.signal().bottleneck()) {
      case CPU, CPU_QUOTA ->
          finite(Double.isNaN(cpu) ? demand.signal().demandRatio() / target : cpu);
      default -> finite(demand.signal().demandRatio() / target);
    };
  }

  private static double finite(double value) {
    return Double.isFinite(value) && value > 0 ? value : 0;
  }
}
