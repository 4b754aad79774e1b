package io.poolpilot.tuning.node;

/**
 * What a node's processors are doing in one period, as the services' agents report it.
 *
 * @param processors the processors of the node the services share: the largest {@code cpu.count}
 *     any agent reports (each reports its own container's, quota included)
 * @param machineUsedCores processors busy on the whole machine (or the sidecar's container), the
 *     services' own use included ({@code jvm.system.cpu.utilization} × processors)
 */
public record NodeProcessors(int processors, double machineUsedCores) {

  public NodeProcessors {
    if (processors < 1) {
      throw new IllegalArgumentException("processors " + processors + " must be at least 1");
    }
    if (!(machineUsedCores >= 0) || Double.isInfinite(machineUsedCores)) {
      throw new IllegalArgumentException(
          "machineUsedCores " + machineUsedCores + " must be a finite number >= 0");
    }
  }
}
