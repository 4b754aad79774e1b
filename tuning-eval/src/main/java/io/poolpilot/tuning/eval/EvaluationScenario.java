package io.poolpilot.tuning.eval;

import io.poolpilot.tuning.sim.Scenario;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A scenario as the evaluation uses it: the simulation input, the seeds it runs on, and what the
 * right behaviour is.
 *
 * @param scenario what to simulate
 * @param summary one line for the table's legend
 * @param seeds the random streams every controller runs on
 * @param stepped whether each phase boundary is a step whose convergence is scored (a ramp's
 *     segments are not)
 * @param unservablePhases phases no pool size can serve: the tuner should raise "needs capacity" in
 *     them and in no other
 */
public record EvaluationScenario(
    Scenario scenario,
    String summary,
    List<Long> seeds,
    boolean stepped,
    Set<Integer> unservablePhases) {

  public EvaluationScenario {
    Objects.requireNonNull(scenario, "scenario");
    Objects.requireNonNull(summary, "summary");
    seeds = List.copyOf(seeds);
    unservablePhases = Set.copyOf(unservablePhases);
    if (seeds.size() < 3) {
      throw new IllegalArgumentException(
          "scenario " + scenario.name() + " has " + seeds.size() + " seeds, needs at least 3");
    }
  }

  /** The same scenario on other seeds. */
  public EvaluationScenario withSeeds(List<Long> otherSeeds) {
    return new EvaluationScenario(scenario, summary, otherSeeds, stepped, unservablePhases);
  }

  public String name() {
    return scenario.name();
  }
}
