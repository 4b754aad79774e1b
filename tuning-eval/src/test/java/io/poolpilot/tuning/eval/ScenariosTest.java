package io.poolpilot.tuning.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScenariosTest {

  @Test
  void everyScenarioRunsOnAtLeastThreeFixedSeeds() {
    assertThat(Scenarios.all())
        .allSatisfy(s -> assertThat(s.seeds()).hasSizeGreaterThanOrEqualTo(3));
  }

  @Test
  void coversTheScenariosTheIssueAsksFor() {
    assertThat(Scenarios.all())
        .extracting(EvaluationScenario::name)
        .containsExactly(
            "step",
            "ramp",
            "io-to-cpu",
            "heavy-tail",
            "downstream",
            "conflicting",
            "cpu-saturation",
            "noisy-neighbour",
            "overload",
            "bursts",
            "small-tail",
            "downstream-limit");
  }

  @Test
  void onlyCpuSaturationTheNoisyNeighbourAndTheOverloadsHaveAPhaseNoSizeCanServe() {
    List<EvaluationScenario> withUnservable =
        Scenarios.all().stream().filter(s -> !s.unservablePhases().isEmpty()).toList();

    assertThat(withUnservable)
        .extracting(EvaluationScenario::name)
        .containsExactly("cpu-saturation", "noisy-neighbour", "overload", "downstream-limit");
  }

  @Test
  void everyScenarioIsARequestPoolWithTheSidecarsFloor() {
    assertThat(Scenarios.all())
        .allSatisfy(s -> assertThat(s.scenario().minSize()).isEqualTo(Scenarios.REQUEST_FLOOR));
  }
}
