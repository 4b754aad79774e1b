package io.poolpilot.protocol.control;

/**
 * A core and a maximum thread count wanted for a pool. Never below 1 and never a core above the
 * maximum: the rules the agent's resize registry enforces, so a state that breaks them is no state
 * the agent could apply as asked.
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
