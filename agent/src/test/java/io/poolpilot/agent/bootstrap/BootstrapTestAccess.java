package io.poolpilot.agent.bootstrap;

/**
 * Reaches the bridge's package-private state for tests of the classes that read it (registry,
 * resizer, metric producer), which run without an agent and so without the hooks that would
 * normally set it.
 */
public final class BootstrapTestAccess {
  private BootstrapTestAccess() {}

  /**
   * The probe of {@code pool} in {@code probes}, named as if a worker called {@code thread} ran.
   */
  public static PoolProbe namedProbe(
      PoolProbes probes, Object pool, ConstructionSite site, String thread) {
    PoolProbe probe = probes.probeFor(pool, site);
    probe.threadSeen(thread);
    return probe;
  }

  /** A probe for one of the agent's own pools, which is never reported. */
  public static PoolProbe agentOwnedProbe(PoolProbes probes, Object pool) {
    return probes.probeFor(pool, new ConstructionSite("io.poolpilot.agent.Own", "init", 1, true));
  }

  public static WorkerTimings newWorker(PoolProbe probe) {
    return probe.newWorker();
  }

  /** Records one task that waited {@code waitNanos} in the queue and ran for {@code runNanos}. */
  public static void recordTask(WorkerTimings worker, long waitNanos, long runNanos) {
    worker.taskStarted(1_000L, waitNanos);
    worker.taskEnded(1_000L + runNanos);
  }

  public static void retire(WorkerTimings worker) {
    worker.probe.retire(worker);
  }

  public static void recordRejection(PoolProbe probe) {
    probe.rejected.increment();
  }

  /** A queued task as the hooks wrap it, stamped with {@code submittedAt}. */
  public static Runnable timedTask(Runnable task, long submittedAt) {
    return TimedTask.wrap(task, submittedAt, null);
  }
}
