package io.poolpilot.benchmarks.tuner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import org.junit.jupiter.api.Test;

class ComparisonTest {
  private static PhaseResult phase(double goodput, double p99) {
    return new PhaseResult("overload", 10, 1000, Math.round(goodput * 10), p99, 0, 0, 4);
  }

  /**
   * The tuner's three repetitions against a best static (and default) of 50, 55 and 60 a second.
   */
  private static Comparison tunerAgainst(PhaseResult... tuner) {
    List<PhaseResult> best = List.of(phase(50, 100), phase(55, 100), phase(60, 100));
    return new Comparison("overload", List.of(tuner), Variant.fixed(4), best, best);
  }

  @Test
  void aMissBeyondTheSpreadIsWorseAndOneInsideItIsNot() {
    Comparison beyond = tunerAgainst(phase(30, 100), phase(35, 100), phase(40, 100));
    Comparison inside = tunerAgainst(phase(30, 100), phase(35, 100), phase(52, 100));

    assertThat(beyond.goodputRatio()).isCloseTo(35.0 / 55, offset(1e-9));
    assertThat(beyond.worseGoodput()).isTrue();
    assertThat(inside.worseGoodput()).isFalse();
  }

  @Test
  void aRepetitionThatAnsweredNothingLeavesTheOthersToJudge() {
    List<PhaseResult> tuner = List.of(phase(0, Double.NaN), phase(40, 120), phase(40, 130));
    List<PhaseResult> byDefault = List.of(phase(40, 100), phase(40, 100), phase(40, 100));
    Comparison comparison =
        new Comparison("overload", tuner, Variant.fixed(4), byDefault, byDefault);

    assertThat(comparison.p99Ratio()).isCloseTo(1.25, offset(1e-9));
    assertThat(Comparison.min(tuner, PhaseResult::p99Millis)).isEqualTo(120);
  }
}
