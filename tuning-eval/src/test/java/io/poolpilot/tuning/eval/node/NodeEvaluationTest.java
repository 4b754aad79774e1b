package io.poolpilot.tuning.eval.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NodeEvaluationTest {

  private final NodeEvaluation.Result result = NodeEvaluation.evaluate(18);

  @Test
  void theCriticalServiceKeepsAtLeast95PercentOfItsGoodputAlone() {
    assertThat(result.criticalAlone()).isGreaterThan(35);
    assertThat(result.criticalRatio()).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void theBatchServiceGetsAtLeast90PercentOfWhatTheCriticalOneLeaves() {
    assertThat(result.batchShare()).isGreaterThanOrEqualTo(0.9);
    assertThat(result.batchCaps()).anySatisfy(cap -> assertThat(cap).isBetween(1, 8));
  }

  @Test
  void withoutTheBudgetTheBatchPoolStarvesTheCriticalService() {
    assertThat(result.criticalUnbudgeted()).isLessThan(0.5 * result.criticalAlone());
  }
}
