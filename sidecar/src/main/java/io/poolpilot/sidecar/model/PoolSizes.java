package io.poolpilot.sidecar.model;

/**
 * A core and a maximum thread count the sidecar wants a pool to have. Never below 1 and never a
 * core above the maximum, the same rules the agent's resize registry enforces.
 */
public record PoolSizes(int core, int max) {

  public PoolSizes {
    if (core < 1) {
      throw new IllegalArgumentException("core " + core + " is below 1");
    }
    if (max < core) {
      throw new IllegalArgumentException("max " + max + " is below core " + core);
    }
  }

  @Override
  public String toString() {
    return "core " + core + ", max " + max;
  }
}
