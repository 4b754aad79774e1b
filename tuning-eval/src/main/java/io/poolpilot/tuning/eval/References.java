package io.poolpilot.tuning.eval;

import io.poolpilot.tuning.sim.Scenario;
import io.poolpilot.tuning.sim.SimulationResult;
import java.util.List;

/**
 * The static references of one scenario on one seed.
 *
 * @param oracleSizes the oracle's size per phase
 * @param bestStatic the best single static size over the whole run
 * @param oracle the oracle's run, which every score is relative to
 */
record References(List<Integer> oracleSizes, int bestStatic, SimulationResult oracle) {

  References {
    oracleSizes = List.copyOf(oracleSizes);
  }

  static References of(Scenario scenario, long seed) {
    List<Integer> sizes = Oracle.phaseSizes(scenario, seed);
    return new References(
        sizes, Oracle.bestStaticSize(scenario, seed), Oracle.run(scenario, seed, sizes));
  }
}
