package io.poolpilot.sidecar.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ProcessModelTest {
  private static final InstanceKey KEY = new InstanceKey("orders", "i-1");
  private static final long SECOND = 1_000_000_000L;

  private final ProcessModel model = new ProcessModel();

  @Test
  void cumulativeCountsBecomeSharesOfTheInterval() {
    model.record(report(KEY, 10 * SECOND, 0.5, 2, 3.0, 100, 10, false));
    model.record(report(KEY, 12 * SECOND, 0.9, 2, 3.5, 120, 25, false));

    ProcessSnapshot snapshot = model.snapshot(KEY).orElseThrow();
    assertThat(snapshot.cpuUtilization()).isEqualTo(0.9);
    assertThat(snapshot.processors()).isEqualTo(2);
    assertThat(snapshot.gcTimeFraction()).as("0.5 s of GC in 2 s").isEqualTo(0.25);
    assertThat(snapshot.throttledFraction()).as("15 of 20 periods").isEqualTo(0.75);
  }

  @Test
  void processorsKeptBusyByNeighboursCountAsBusy() {
    model.record(
        new ProcessReport(
            KEY,
            SECOND,
            OptionalDouble.of(0.45),
            OptionalDouble.of(2),
            OptionalDouble.empty(),
            OptionalDouble.empty(),
            OptionalDouble.empty(),
            false,
            OptionalDouble.of(0.98)));

    ProcessSnapshot snapshot = model.snapshot(KEY).orElseThrow();
    assertThat(snapshot.cpuUtilization()).isEqualTo(0.45);
    assertThat(snapshot.systemCpuUtilization()).isEqualTo(0.98);
    assertThat(snapshot.cpuForTuning())
        .as("a process using little of a busy machine waits on something else")
        .isEqualTo(0.45);
    assertThat(new ProcessSnapshot(0.86, 2, 0, 0, 0.99).cpuForTuning())
        .as("the main consumer of a saturated machine is CPU-bound")
        .isEqualTo(0.99);
    assertThat(new ProcessSnapshot(0.3, 2, 0, 0, 0).cpuForTuning()).isEqualTo(0.3);
  }

  @Test
  void aFirstReadingHasNoIntervalYet() {
    model.record(report(KEY, 10 * SECOND, 0.4, 4, 30.0, 100, 90, false));
    ProcessSnapshot snapshot = model.snapshot(KEY).orElseThrow();
    assertThat(snapshot.gcTimeFraction()).isZero();
    assertThat(snapshot.throttledFraction()).isZero();
    assertThat(snapshot.cpuUtilization()).isEqualTo(0.4);
  }

  @Test
  void deltaCountsAreTheIntervalsOwn() {
    model.record(report(KEY, 10 * SECOND, 0.5, 2, 0.0, 0, 0, true));
    model.record(report(KEY, 11 * SECOND, 0.5, 2, 0.1, 10, 5, true));
    ProcessSnapshot snapshot = model.snapshot(KEY).orElseThrow();
    assertThat(snapshot.gcTimeFraction()).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(snapshot.throttledFraction()).isEqualTo(0.5);
  }

  @Test
  void aCounterThatWentBackDoesNotGiveANegativeShare() {
    model.record(report(KEY, 10 * SECOND, 0.5, 2, 5.0, 100, 50, false));
    model.record(report(KEY, 11 * SECOND, 0.5, 2, 1.0, 10, 5, false));
    ProcessSnapshot snapshot = model.snapshot(KEY).orElseThrow();
    assertThat(snapshot.gcTimeFraction()).isZero();
    assertThat(snapshot.throttledFraction()).isZero();
  }

  @Test
  void anUnknownProcessHasNoSnapshotAndTheOldestIsDroppedAtTheBound() {
    assertThat(model.snapshot(KEY)).isEmpty();
    for (int i = 0; i < ProcessModel.MAX_PROCESSES + 1; i++) {
      model.record(report(new InstanceKey("s", "i" + i), (i + 1) * SECOND, 0.1, 1, 0, 0, 0, false));
    }
    assertThat(model.size()).isEqualTo(ProcessModel.MAX_PROCESSES);
    assertThat(model.snapshot(new InstanceKey("s", "i0"))).isEmpty();
    assertThat(model.snapshot(new InstanceKey("s", "i" + ProcessModel.MAX_PROCESSES))).isPresent();
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
            OptionalDouble.of(1.0),
            OptionalDouble.empty(),
            OptionalDouble.empty(),
            false,
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
        OptionalDouble.of(gc),
        OptionalDouble.of(periods),
        OptionalDouble.of(throttled),
        delta,
        OptionalDouble.empty());
  }
}
