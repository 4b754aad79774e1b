package io.poolpilot.sidecar.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.sidecar.capacity.CapacityDecision.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ReplicaDeciderTest {

  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
  private static final ScalingPolicy POLICY = ScalingPolicy.DEFAULTS;

  private final ReplicaDecider decider = new ReplicaDecider(POLICY);

  private CapacityDecision at(long seconds, double ratio, boolean cannotHelp, int current) {
    return decider.evaluate(T0.plusSeconds(seconds), ratio, cannotHelp, OptionalInt.of(current));
  }

  @Test
  void asksForCeilOfCurrentTimesRatioAtOnceWhenThreadsCannotHelp() {
    CapacityDecision decision = at(0, 1.3, true, 4);

    assertThat(decision.outcome()).isEqualTo(Outcome.REQUEST);
    assertThat(decision.direction()).isEqualTo("up");
    assertThat(decision.desired()).hasValue(6);
    assertThat(decision.reason()).contains("4 → 6").contains("ceil(4 × 1.30)");
  }

  @Test
  void writesTheRatioForPeopleAndKeepsTheFullNumberForMachines() {
    CapacityDecision decision = at(0, 1.6463490290960976, true, 2);

    assertThat(decision.reason())
        .contains("demand ratio 1.65", "ceil(2 × 1.65)")
        .doesNotContain("1.646");
    assertThat(decision.ratio()).isEqualTo(1.6463490290960976);
  }

  @Test
  void neverAsksForReplicasWhileThreadsCanStillHelp() {
    assertThat(at(0, 3.0, false, 2).outcome()).isEqualTo(Outcome.NONE);
  }

  @Test
  void holdsWithinTheTolerance() {
    assertThat(at(0, 1.09, true, 10).outcome()).isEqualTo(Outcome.NONE);
    assertThat(POLICY.desired(10, 0.91)).isEqualTo(10);
    assertThat(POLICY.desired(10, 1.11)).isEqualTo(10);
    assertThat(POLICY.desired(9, 1.12)).isEqualTo(10);
  }

  @Test
  void stepsUpAtMostDoubleOrFourMoreAndNeverPastTheMaximum() {
    assertThat(POLICY.desired(1, 9.0)).isEqualTo(5);
    assertThat(POLICY.desired(6, 3.0)).isEqualTo(10);
    assertThat(
            new ScalingPolicy(0.1, 0.8, 1, 100, Duration.ZERO, Duration.ZERO, OptionalInt.empty())
                .desired(10, 5))
        .isEqualTo(20);
  }

  @Test
  void makesAtMostOneChangePerWindowAndJournalsTheSuppressionOnce() {
    assertThat(at(0, 1.5, true, 2).outcome()).isEqualTo(Outcome.REQUEST);

    CapacityDecision held = at(1, 1.5, true, 3);
    assertThat(held.outcome()).isEqualTo(Outcome.SUPPRESSED);
    assertThat(held.reason()).contains("one change per 1 min");
    assertThat(at(2, 1.5, true, 3).outcome()).isEqualTo(Outcome.NONE);
    assertThat(at(59, 1.5, true, 3).outcome()).isEqualTo(Outcome.NONE);

    CapacityDecision next = at(60, 1.5, true, 3);
    assertThat(next.outcome()).isEqualTo(Outcome.REQUEST);
    assertThat(next.desired()).hasValue(5);
  }

  @Test
  void suppressesAtTheMaximumWithTheBoundInTheReason() {
    CapacityDecision decision = at(0, 2.0, true, 10);

    assertThat(decision.outcome()).isEqualTo(Outcome.SUPPRESSED);
    assertThat(decision.reason()).startsWith("at the maximum of 10 replicas");
  }

  @Test
  void scalesDownOnlyAfterFiveMinutesOfAgreementToTheBusiestReading() {
    for (int s = 0; s < 300; s++) {
      double ratio = s == 100 ? 0.6 : 0.3;
      assertThat(at(s, ratio, false, 8).outcome()).as("second %d", s).isEqualTo(Outcome.NONE);
    }
    CapacityDecision decision = at(300, 0.3, false, 8);

    assertThat(decision.outcome()).isEqualTo(Outcome.REQUEST);
    assertThat(decision.direction()).isEqualTo("down");
    assertThat(decision.desired()).hasValue(5);
  }

  @Test
  void aShortageInTheWindowBlocksScalingDown() {
    at(0, 1.5, true, 4);
    for (int s = 1; s <= 300; s++) {
      assertThat(at(s, 0.2, false, 6).outcome()).isNotEqualTo(Outcome.REQUEST);
    }
    assertThat(at(301, 0.2, false, 6).outcome()).isEqualTo(Outcome.REQUEST);
  }

  @Test
  void neverScalesBelowTheMinimum() {
    for (int s = 0; s <= 300; s++) {
      at(s, 0.1, false, 1);
    }
    CapacityDecision decision = at(301, 0.1, false, 1);

    assertThat(decision.outcome()).isNotEqualTo(Outcome.REQUEST);
  }

  @Test
  void asksWithTheRatioOnlyWhenTheReplicaCountIsUnknown() {
    CapacityDecision decision = decider.evaluate(T0, 1.4, true, OptionalInt.empty());

    assertThat(decision.outcome()).isEqualTo(Outcome.REQUEST);
    assertThat(decision.desired()).isEmpty();
    assertThat(decision.reason()).contains("replica count unknown");
  }

  @Test
  void aChangeMadeElsewhereStartsTheWindow() {
    decider.changedAt(T0);

    assertThat(at(30, 1.5, true, 2).outcome()).isEqualTo(Outcome.SUPPRESSED);
  }
}
