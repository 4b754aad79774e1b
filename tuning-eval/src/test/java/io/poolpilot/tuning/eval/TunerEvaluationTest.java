package io.poolpilot.tuning.eval;

import static io.poolpilot.tuning.sim.Distribution.exponential;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.poolpilot.tuning.sim.Downstream;
import io.poolpilot.tuning.sim.Machine;
import io.poolpilot.tuning.sim.Phase;
import io.poolpilot.tuning.sim.Scenario;
import io.poolpilot.tuning.sim.TaskProfile;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TunerEvaluationTest {

  private static final TaskProfile IO = TaskProfile.of(exponential(0.002), exponential(0.05));

  private static EvaluationScenario small() {
    Scenario scenario =
        new Scenario(
            "small",
            new Machine(2, 0.02, 0.0005),
            Downstream.NONE,
            500,
            8,
            200,
            0.05,
            0.5,
            1,
            List.of(Phase.steady("low", 30, 100, IO), Phase.steady("high", 30, 300, IO)));
    return new EvaluationScenario(scenario, "small", List.of(1L, 2L, 3L), true, Set.of());
  }

  @Test
  void scoresTheOracleAgainstItselfAsOne() {
    ScenarioResult result = TunerEvaluation.evaluate(small());

    assertThat(result.score(Contender.ORACLE).goodputRatio()).isCloseTo(1.0, within(1e-9));
    assertThat(result.score(Contender.ORACLE).threadsRatio()).isCloseTo(1.0, within(1e-9));
    assertThat(result.score(Contender.INFORMED).informedRatio()).isCloseTo(1.0, within(1e-9));
    assertThat(result.references())
        .allSatisfy(r -> assertThat(r.oracleSizes().get(1)).isGreaterThan(r.oracleSizes().get(0)));
  }

  @Test
  void endsWithTheSummaryLine() {
    String line = TunerEvaluation.summaryLine(List.of(TunerEvaluation.evaluate(small())));

    assertThat(line)
        .matches(
            "tuner-eval: min_ratio=\\d+\\.\\d{3} mean_ratio=\\d+\\.\\d{3} max_convergence_periods=\\d+"
                + " min_vs_informed=\\d+\\.\\d{3} max_reversals_per_min=\\d+\\.\\d");
  }
}
