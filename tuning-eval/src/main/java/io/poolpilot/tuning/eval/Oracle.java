package io.poolpilot.tuning.eval;

import io.poolpilot.tuning.sim.Phase;
import io.poolpilot.tuning.sim.PoolSimulator;
import io.poolpilot.tuning.sim.Scenario;
import io.poolpilot.tuning.sim.SimulationResult;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import java.util.stream.IntStream;

/**
 * The two static references: per phase the smallest static size within 1% of the best goodput (the
 * oracle), and the single static size with the best goodput over the whole run.
 *
 * <p>"Within 1%" means within 1% of the best goodput or of the phase's offered load, whichever is
 * larger: in a phase no size can serve every size's goodput is close to nothing, and 1% of nothing
 * would make the choice a matter of noise.
 *
 * <p>Phases are settled in order: phase {@code k} is swept with phases {@code 0..k-1} at the sizes
 * already chosen, on the scenario cut after phase {@code k}, so that a phase is judged with the
 * backlog the oracle itself would leave it, not with one a bad size left. Sizes are swept on {@link
 * #GRID} and then one by one below the grid point chosen, down to the grid point under it, so the
 * answer is exact without running every size.
 */
final class Oracle {

  static final int[] GRID = {
    1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 18, 20, 24, 28, 32, 36, 40, 48, 56, 64, 80, 100, 128,
    160, 200
  };

  /** Goodput at least this share of the best counts as as good as the best. */
  static final double WITHIN_BEST = 0.99;

  private Oracle() {}

  /** The oracle's size for each phase of {@code scenario} on {@code seed}. */
  static List<Integer> phaseSizes(Scenario scenario, long seed) {
    List<Integer> sizes = new ArrayList<>();
    for (int phase = 0; phase < scenario.phases().size(); phase++) {
      Scenario upToPhase = scenario.truncated(phase + 1);
      int current = phase;
      IntToDoubleFunction goodput =
          size -> {
            List<Integer> schedule = new ArrayList<>(sizes);
            schedule.add(size);
            return run(upToPhase, seed, schedule).phases().get(current).goodput();
          };
      Phase swept = scenario.phases().get(phase);
      double offered = (swept.startRate() + swept.endRate()) / 2;
      sizes.add(smallestNearBest(goodput, grid(scenario), offered));
    }
    return sizes;
  }

  /** The static size with the most goodput over the whole of {@code scenario} on {@code seed}. */
  static int bestStaticSize(Scenario scenario, long seed) {
    IntToDoubleFunction goodput = size -> run(scenario, seed, List.of(size)).goodput();
    int[] grid = grid(scenario);
    double[] values = sweep(goodput, grid);
    int best = argMax(values);
    int low = best > 0 ? grid[best - 1] + 1 : grid[best];
    int high = best + 1 < grid.length ? grid[best + 1] - 1 : grid[best];
    int[] around = IntStream.rangeClosed(low, high).toArray();
    double[] near = sweep(goodput, around);
    return around[argMax(near)];
  }

  /** Runs {@code scenario} with the pool set to {@code sizes.get(k)} during phase {@code k}. */
  static SimulationResult run(Scenario scenario, long seed, List<Integer> sizes) {
    return PoolSimulator.run(
        scenario.withInitialSize(sizes.get(0)),
        seed,
        (clock, s) -> new PhaseSchedule(clock, s, sizes));
  }

  private static int smallestNearBest(IntToDoubleFunction goodput, int[] grid, double offered) {
    double[] values = sweep(goodput, grid);
    double best = values[argMax(values)];
    double good = best - Math.max((1 - WITHIN_BEST) * best, (1 - WITHIN_BEST) * offered);
    int chosen = 0;
    while (values[chosen] < good) {
      chosen++;
    }
    int low = chosen > 0 ? grid[chosen - 1] + 1 : grid[chosen];
    int[] below = IntStream.range(low, grid[chosen]).toArray();
    double[] belowValues = sweep(goodput, below);
    for (int i = 0; i < below.length; i++) {
      if (belowValues[i] >= good) {
        return below[i];
      }
    }
    return grid[chosen];
  }

  private static double[] sweep(IntToDoubleFunction goodput, int[] sizes) {
    return IntStream.range(0, sizes.length)
        .parallel()
        .mapToDouble(i -> goodput.applyAsDouble(sizes[i]))
        .toArray();
  }

  private static int argMax(double[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }

  /**
   * The grid within the scenario's floor and maximum: the references may not use a size the tuner
   * is not allowed, or a pool below the floor would make the tuner's thread ratio look high.
   */
  private static int[] grid(Scenario scenario) {
    int[] grid =
        IntStream.of(GRID)
            .filter(size -> size >= scenario.minSize() && size <= scenario.maxSize())
            .toArray();
    if (grid.length == 0 || grid[0] != scenario.minSize()) {
      return IntStream.concat(IntStream.of(scenario.minSize()), IntStream.of(grid)).toArray();
    }
    return grid;
  }
}
