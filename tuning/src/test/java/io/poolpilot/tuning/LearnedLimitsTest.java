package io.poolpilot.tuning;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.tuning.CapacitySignal.Bottleneck;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A ceiling lapses when the run time at or below its size halves (the work got lighter), but not
 * when the mean halved because a tenth or more of the requests failed at once: tuner-real's
 * overload, where a ceiling of 4 learned at 27 ms lapsed while most requests were shed at once.
 */
class LearnedLimitsTest {

  private static final Instant LEARNED = Instant.parse("2026-12-07T23:46:34Z");

  private final LearnedLimits limits = new LearnedLimits();

  private static PeriodView view(Observation observation) {
    return new PeriodView(observation.build(), new WorkloadEstimate(), TunerConfig.DEFAULTS);
  }

  private void learnCeilingAt4() {
    PeriodView grown =
        view(Observation.of().size(9).busy(9).arrivals(240).completions(240).execution(0.027));
    limits.learnCeiling(4, LEARNED, grown, 0.027, Bottleneck.CONCURRENCY, "grew 4→9", false);
  }

  private void oneSecondLater(Observation observation) {
    PeriodView later = view(observation);
    limits.expire(LEARNED.plus(Duration.ofSeconds(1)), later, 240, 4);
  }

  @Test
  void aHalvedRunTimeWithFewFailuresIsLighterWorkAndTheCeilingLapses() {
    learnCeilingAt4();

    oneSecondLater(
        Observation.of().size(4).busy(2).arrivals(100).completions(100).execution(0.012));

    assertThat(limits.ceiling()).isNull();
  }

  @Test
  void aMeanPulledDownByFastFailuresKeepsTheCeiling() {
    learnCeilingAt4();

    oneSecondLater(
        Observation.of()
            .size(4)
            .busy(4)
            .arrivals(240)
            .completions(240)
            .failures(130)
            .execution(0.012));

    assertThat(limits.ceiling()).isNotNull();
    assertThat(limits.ceiling().size()).isEqualTo(4);
  }

  @Test
  void failingFastIsATenthOfWhatEnded() {
    assertThat(LearnedLimits.failingFast(view(Observation.of().completions(100).failures(10))))
        .isTrue();
    assertThat(LearnedLimits.failingFast(view(Observation.of().completions(100).failures(9))))
        .isFalse();
    assertThat(LearnedLimits.failingFast(view(Observation.of().completions(0).failures(0))))
        .isFalse();
  }
}
