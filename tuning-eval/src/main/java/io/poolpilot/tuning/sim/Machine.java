package io.poolpilot.tuning.sim;

/**
 * The processors a pool's threads share, and what threads cost beyond their work.
 *
 * @param processors cores shared by all runnable threads (processor sharing)
 * @param switchCost share of processor capacity lost per runnable thread beyond {@code processors}:
 *     context switches and cache misses, which make a CPU-bound pool slower as it grows past its
 *     cores
 * @param threadCpu processors used by each live thread whether busy or not (stack scanning, timers,
 *     bookkeeping), so a huge idle pool is not free
 */
public record Machine(int processors, double switchCost, double threadCpu) {

  public Machine {
    if (processors < 1) {
      throw new IllegalArgumentException("processors " + processors + " must be at least 1");
    }
    if (!(switchCost >= 0 && threadCpu >= 0)) {
      throw new IllegalArgumentException(
          "switchCost " + switchCost + " and threadCpu " + threadCpu + " must be >= 0");
    }
  }
}
