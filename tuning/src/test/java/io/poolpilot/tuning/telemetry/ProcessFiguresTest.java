package io.poolpilot.tuning.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ProcessFiguresTest {

  private static final long SECOND = 1_000_000_000L;

  private static ProcessReading reading(
      long time,
      double cpu,
      double system,
      int processors,
      double gc,
      double periods,
      double held) {
    return new ProcessReading(
        time,
        cpu,
        system,
        processors,
        new CumulativeCount(1, gc),
        new CumulativeCount(1, periods),
        new CumulativeCount(1, held));
  }

  @Test
  void cumulativeCountsBecomeSharesOfTheInterval() {
    ProcessFigures f =
        ProcessFigures.between(
            reading(10 * SECOND, 0.1, 0.1, 2, 1.0, 100, 10),
            reading(12 * SECOND, 0.4, 0.4, 2, 1.5, 120, 15),
            8);

    assertThat(f.gcTimeFraction()).as("0.5 s of GC in 2 s").isCloseTo(0.25, within(1e-12));
    assertThat(f.throttledFraction()).as("5 of 20 periods").isCloseTo(0.25, within(1e-12));
    assertThat(f.cpuUtilization()).isEqualTo(0.4);
    assertThat(f.processors()).isEqualTo(2);
  }

  @Test
  void processorsKeptBusyByNeighboursCountAsBusyOnlyForTheMainConsumer() {
    assertThat(ProcessFigures.cpuForTuning(0.6, 0.93))
        .as("the main consumer of a busy machine sees the machine's use")
        .isEqualTo(0.93);
    assertThat(ProcessFigures.cpuForTuning(0.1, 0.93))
        .as("a process using little of a busy machine sees its own")
        .isEqualTo(0.1);
  }

  @Test
  void aProcessThatNeverSaidHowManyProcessorsGetsTheDefault() {
    ProcessFigures f = ProcessFigures.between(ProcessReading.UNKNOWN, ProcessReading.UNKNOWN, 4);

    assertThat(f.processors()).isEqualTo(4);
    assertThat(f.cpuUtilization()).isZero();
    assertThat(f.gcTimeFraction()).isZero();
    assertThat(f.throttledFraction()).isZero();
  }

  @Test
  void aFirstReadingHasNoIntervalYet() {
    ProcessFigures f =
        ProcessFigures.between(
            ProcessReading.UNKNOWN, reading(10 * SECOND, 0.2, 0.2, 2, 3, 0, 0), 2);

    assertThat(f.gcTimeFraction()).as("no earlier time to rate over").isZero();
  }

  @Test
  void aCounterThatWentBackDoesNotGiveANegativeOrHugeShare() {
    ProcessFigures f =
        ProcessFigures.between(
            reading(10 * SECOND, 0.2, 0.2, 2, 50, 100, 10),
            reading(11 * SECOND, 0.2, 0.2, 2, 0.2, 100, 10),
            2);

    assertThat(f.gcTimeFraction())
        .as("restarted: 0.2 s since its start")
        .isCloseTo(0.2, within(1e-12));
    assertThat(f.throttledFraction()).as("no period elapsed").isZero();
  }
}
