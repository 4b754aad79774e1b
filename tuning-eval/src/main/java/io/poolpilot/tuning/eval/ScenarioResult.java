package io.poolpilot.tuning.eval;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Everything measured on one scenario: the references per seed and each contender's scores. */
record ScenarioResult(
    EvaluationScenario evaluated,
    List<References> references,
    Map<Contender, ScenarioScore> scores) {

  ScenarioResult {
    references = List.copyOf(references);
    scores = new EnumMap<>(scores);
  }

  ScenarioScore score(Contender contender) {
    return scores.get(contender);
  }

  /** How many points of the oracle's goodput the tuner gains over the best static size. */
  double pointsOverBestStatic() {
    return 100
        * (score(Contender.POOLPILOT).goodputRatio() - score(Contender.BEST_STATIC).goodputRatio());
  }
}
