package io.poolpilot.sidecar.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.poolpilot.tuning.telemetry.ProcessFigures;
import io.poolpilot.tuning.telemetry.ProcessReading;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ProcessModelTest {
  private static final InstanceKey KEY = new InstanceKey("orders", "i-1");
  private static final long SECOND = 1_000_000_000L;

  private final ProcessModel model = new ProcessModel();

  @Test
  void keepsCumulativeCountsAsReportedAndTheGaugesAsLastReported() {
    model.record(report(KEY, 10 * SECOND, 0.5, 2, 3.0, 100, 10, false));
    model.record(report(KEY, 12 * SECOND, 0.9, 2, 3.5, 120, 25, false));

    ProcessReading reading = model.reading(KEY).orElseThrow();
    assertThat(reading.timeUnixNano()).isEqualTo(12 * SECOND);
    assertThat(reading.cpuUtilization()).isEqualTo(0.9);
    assertThat(reading.processors()).isEqualTo(2);
    assertThat(reading.gcSeconds().count()).isEqualTo(3.5);
    assertThat(reading.cpuPeriods().count()).isEqualTo(120);
    assertThat(reading.throttledPeriods().count()).isEqualTo(25);
  }

  @Test
  void deltaAndCumulativeExportsGiveTheSameFiguresOverAnInterval() {
    ProcessModel delta = new ProcessModel();
    model.record(report(KEY, 10 * SECOND, 0.5, 2, 3.0, 100, 10, false));
    ProcessReading cumulativeBefore = model.reading(KEY).orElseThrow();
    model.record(report(KEY, 12 * SECOND, 0.9, 2, 3.5, 120, 25, false));
    delta.record(report(KEY, 10 * SECOND, 0.5, 2, 3.0, 100, 10, true));
    ProcessReading deltaBefore = delta.reading(KEY).orElseThrow();
    delta.record(report(KEY, 12 * SECOND, 0.9, 2, 0.5, 20, 15, true));

    for (ProcessFigures figures :
        new ProcessFigures[] {
          ProcessFigures.between(cumulativeBefore, model.reading(KEY).orElseThrow(), 8),
          ProcessFigures.between(deltaBefore, delta.reading(KEY).orElseThrow(), 8)
        }) {
      assertThat(figures.gcTimeFraction()).as("0.5 s of GC in 2 s").isCloseTo(0.25, within(1e-9));
      assertThat(figures.throttledFraction()).as("15 of 20 periods").isEqualTo(0.75);
      assertThat(figures.cpuUtilization()).isEqualTo(0.9);
    }
  }

  @Test
  void gaugesOutsideZeroToOneAreClamped() {
    model.record(report(KEY, 10 * SECOND, 1.7, 2, 3.0, 100, 10, false));
    assertThat(model.reading(KEY).orElseThrow().cpuUtilization()).isEqualTo(1);

    model.record(report(KEY, 11 * SECOND, -0.5, 2, 3.0, 100, 10, false));
    assertThat(model.reading(KEY).orElseThrow().cpuUtilization()).isEqualTo(0);
  }

  @Test
  void deltasThatWouldCountPastWhatADoubleHoldsStartANewCountInsteadOfFailing() {
    double huge = Double.MAX_VALUE;
    model.record(report(KEY, 10 * SECOND, 0.5, 2, huge, huge, huge, true));

    model.record(report(KEY, 11 * SECOND, 0.5, 2, huge, huge, huge, true));

    ProcessReading reading = model.reading(KEY).orElseThrow();
    assertThat(reading.timeUnixNano()).isEqualTo(11 * SECOND);
    assertThat(reading.gcSeconds().count()).isEqualTo(huge);
    assertThat(reading.cpuPeriods().count()).isEqualTo(huge);
    assertThat(reading.throttledPeriods().count()).isEqualTo(huge);
  }

  @Test
  void anUnknownProcessHasNoReadingAndTheOldestIsDroppedAtTheBound() {
    assertThat(model.reading(KEY)).isEmpty();
    for (int i = 0; i < ProcessModel.MAX_PROCESSES + 1; i++) {
      model.record(report(new InstanceKey("s", "i" + i), (i + 1) * SECOND, 0.1, 1, 0, 0, 0, false));
    }
    assertThat(model.size()).isEqualTo(ProcessModel.MAX_PROCESSES);
    assertThat(model.reading(new InstanceKey("s", "i0"))).isEmpty();
    assertThat(model.reading(new InstanceKey("s", "i" + ProcessModel.MAX_PROCESSES))).isPresent();
  }

  @Test
  void aForgottenProcessHasNoReading() {
    model.record(report(KEY, 10 * SECOND, 0.5, 2, 3.0, 100, 10, false));

    model.forget(KEY);

    assertThat(model.reading(KEY)).isEmpty();
    assertThat(model.cpuUtilization(KEY)).isEmpty();
  }

  @Test
  void cpuForTheHistoryIsUnknownUntilAProcessReportsIt() {
    assertThat(model.cpuUtilization(KEY)).isEmpty();
    model.record(
        new ProcessReport(
            KEY,
            10 * SECOND,
            OptionalDouble.empty(),
            OptionalDouble.of(2),
            count(1.0, false, 10 * SECOND),
            Optional.empty(),
            Optional.empty(),
            OptionalDouble.empty()));
    assertThat(model.cpuUtilization(KEY)).as("GC alone says nothing about CPU").isEmpty();

    model.record(report(KEY, 11 * SECOND, 0.7, 2, 1.0, 0, 0, false));

    assertThat(model.cpuUtilization(KEY)).hasValue(0.7);
  }

  private static ProcessReport report(
      InstanceKey key,
      long time,
      double cpu,
      int processors,
      double gc,
      double periods,
      double throttled,
      boolean delta) {
    return new ProcessReport(
        key,
        time,
        OptionalDouble.of(cpu),
        OptionalDouble.of(processors),
        count(gc, delta, time),
        count(periods, delta, time),
        count(throttled, delta, time),
        OptionalDouble.empty());
  }

  private static Optional<CounterPoint> count(double value, boolean delta, long time) {
    Temporality temporality = delta ? Temporality.DELTA : Temporality.CUMULATIVE;
    return Optional.of(new CounterPoint(temporality, SECOND, time, value));
  }
}
