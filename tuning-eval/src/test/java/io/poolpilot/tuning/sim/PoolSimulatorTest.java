package io.poolpilot.tuning.sim;

import static io.poolpilot.tuning.sim.Distribution.constant;
import static io.poolpilot.tuning.sim.Distribution.exponential;
import static io.poolpilot.tuning.sim.Distribution.none;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.poolpilot.protocol.histogram.HistogramRecorder;
import io.poolpilot.tuning.CapacitySignal;
import io.poolpilot.tuning.Decision;
import io.poolpilot.tuning.PoolObservation;
import io.poolpilot.tuning.PoolTuner;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoolSimulatorTest {

  private static final Machine TWO_PROCESSORS = new Machine(2, 0, 0);

  private static Scenario scenario(
      Machine machine,
      Downstream downstream,
      int size,
      double seconds,
      double rate,
      TaskProfile task) {
    return new Scenario(
        "test",
        machine,
        downstream,
        10_000,
        size,
        200,
        0.05,
        1.0,
        1.0,
        List.of(Phase.steady("steady", seconds, rate, task)));
  }

  private static SimulationResult runStatic(Scenario scenario, long seed) {
    int size = scenario.initialSize();
    return PoolSimulator.run(scenario, seed, (clock, s) -> fixed(size));
  }

  private static PoolTuner fixed(int size) {
    return observation -> Decision.hold(size, size, CapacitySignal.NONE, "fixed");
  }

  /** Mean of an observation field over the periods after the first {@code warmUp}. */
  private static double steadyMean(
      SimulationResult run, int warmUp, java.util.function.ToDoubleFunction<PoolObservation> f) {
    return run.periods().stream()
        .filter(p -> p.index() >= warmUp && p.index() < run.phaseEndPeriod(0))
        .map(PeriodRecord::observation)
        .mapToDouble(f)
        .average()
        .orElseThrow();
  }

  @Test
  void theSameSeedReplaysTheSameRun() {
    Scenario scenario =
        scenario(
            TWO_PROCESSORS,
            Downstream.NONE,
            8,
            60,
            100,
            TaskProfile.of(exponential(0.002), exponential(0.05)));

    SimulationResult first = runStatic(scenario, 7);
    SimulationResult second = runStatic(scenario, 7);
    SimulationResult other = runStatic(scenario, 8);

    assertThat(second.periods()).isEqualTo(first.periods());
    assertThat(second.phases()).isEqualTo(first.phases());
    assertThat(other.phases()).isNotEqualTo(first.phases());
  }

  @Test
  void littlesLawHoldsInSteadyState() {
    Scenario scenario =
        scenario(
            TWO_PROCESSORS,
            Downstream.NONE,
            50,
            300,
            200,
            TaskProfile.of(exponential(0.001), exponential(0.05)));

    SimulationResult run = runStatic(scenario, 3);
    double busy = steadyMean(run, 10, PoolObservation::busyThreads);
    double rateTimesTime =
        steadyMean(run, 10, o -> o.completionsPerSecond() * o.executionMeanSeconds());

    assertThat(rateTimesTime).isCloseTo(200 * 0.051, within(0.05 * 200 * 0.051));
    assertThat(busy).isCloseTo(rateTimesTime, within(0.1 * rateTimesTime));
  }

  @Test
  void processorSharingSlowsCpuWorkWhenThreadsOutnumberProcessors() {
    TaskProfile cpuOnly = TaskProfile.of(constant(0.010), none());
    Scenario two = scenario(TWO_PROCESSORS, Downstream.NONE, 2, 120, 190, cpuOnly);
    Scenario sixteen = scenario(TWO_PROCESSORS, Downstream.NONE, 16, 120, 190, cpuOnly);

    double alone = steadyMean(runStatic(two, 5), 10, PoolObservation::executionMeanSeconds);
    double shared = steadyMean(runStatic(sixteen, 5), 10, PoolObservation::executionMeanSeconds);

    assertThat(alone).isCloseTo(0.010, within(0.0005));
    assertThat(shared).isGreaterThan(2 * alone);
  }

  @Test
  void aNoisyNeighbourTakesItsShareOfTheProcessorsForItsPhaseOnly() {
    TaskProfile cpuOnly = TaskProfile.of(constant(0.010), none());
    Scenario scenario =
        new Scenario(
            "neighbour",
            TWO_PROCESSORS,
            Downstream.NONE,
            10_000,
            4,
            200,
            0.05,
            1.0,
            1.0,
            List.of(
                Phase.steady("crowded", 60, 100, cpuOnly).withNeighbour(0.75),
                Phase.steady("alone", 60, 100, cpuOnly)));

    SimulationResult run = runStatic(scenario, 5);
    List<PoolObservation> crowded =
        run.periods().subList(10, 60).stream().map(PeriodRecord::observation).toList();

    // 0.5 of 2 processors left for work that wants 1: half the arrivals complete, on a quarter of
    // the machine; once the neighbour leaves, the backlog drains at the full two processors.
    assertThat(crowded.stream().mapToDouble(PoolObservation::completionsPerSecond).average())
        .hasValueCloseTo(50.0, within(3.0));
    assertThat(crowded.stream().mapToDouble(PoolObservation::cpuUtilization).average())
        .hasValueCloseTo(0.25, within(0.02));
    assertThat(run.periods().get(70).observation().completionsPerSecond()).isGreaterThan(150);
  }

  @Test
  void switchingCostLowersThroughputOfAnOversizedCpuBoundPool() {
    Machine switching = new Machine(2, 0.02, 0);
    TaskProfile cpuOnly = TaskProfile.of(constant(0.010), none());

    double small =
        steadyMean(
            runStatic(scenario(switching, Downstream.NONE, 2, 60, 300, cpuOnly), 5),
            10,
            PoolObservation::completionsPerSecond);
    double large =
        steadyMean(
            runStatic(scenario(switching, Downstream.NONE, 64, 60, 300, cpuOnly), 5),
            10,
            PoolObservation::completionsPerSecond);

    assertThat(small).isCloseTo(200, within(10.0));
    assertThat(large).isLessThan(0.6 * small);
  }

  @Test
  void downstreamSlotsCapThroughput() {
    TaskProfile call = new TaskProfile(none(), none(), constant(0.020));
    Scenario scenario = scenario(TWO_PROCESSORS, new Downstream(4, 0), 50, 60, 400, call);

    double throughput =
        steadyMean(runStatic(scenario, 9), 10, PoolObservation::completionsPerSecond);

    assertThat(throughput).isCloseTo(4 / 0.020, within(5.0));
  }

  /**
   * The real-JVM service's overload in the simulator: 240 tasks/s against a downstream that serves
   * 120/s, tasks that waited past 50 ms refused at once. At 4 threads few wait that long; at 20 the
   * threads empty the queue fast by refusing, and completions double while goodput stays at the
   * downstream's limit: what the tuner sees through the conversion, failures included.
   */
  @Test
  void tasksShedAfterTheirDeadlineReachTheTunerAsFailuresAndNeverAsGoodput() {
    TaskProfile call =
        new TaskProfile(constant(0.002), constant(0.008), constant(0.025)).shedAfter(0.05);
    Scenario at4 = scenario(TWO_PROCESSORS, new Downstream(3, 0), 4, 60, 240, call);
    Scenario at20 = scenario(TWO_PROCESSORS, new Downstream(3, 0), 20, 60, 240, call);

    SimulationResult small = runStatic(at4, 5);
    SimulationResult large = runStatic(at20, 5);

    double completionsLarge = steadyMean(large, 10, PoolObservation::completionsPerSecond);
    double goodputLarge = steadyMean(large, 10, PoolObservation::goodputPerSecond);
    double failuresLarge = steadyMean(large, 10, PoolObservation::failuresPerSecond);
    assertThat(goodputLarge).as("the downstream's limit").isCloseTo(120, within(10.0));
    assertThat(completionsLarge).as("every arrival ends, most refused").isGreaterThan(200);
    assertThat(failuresLarge).isCloseTo(completionsLarge - goodputLarge, within(1.0));
    assertThat(steadyMean(small, 10, PoolObservation::goodputPerSecond))
        .isCloseTo(120, within(10.0));
    PhaseOutcome outcome = large.phases().get(0);
    assertThat(outcome.completed() / 60.0).isGreaterThan(200);
    assertThat(outcome.good() / 60.0).as("a refused task is never good").isLessThan(125);
  }

  @Test
  void withoutADeadlineNoTaskFails() {
    TaskProfile call = new TaskProfile(constant(0.002), constant(0.008), constant(0.025));
    Scenario scenario = scenario(TWO_PROCESSORS, new Downstream(3, 0), 20, 30, 240, call);

    SimulationResult run = runStatic(scenario, 5);

    assertThat(run.periods())
        .extracting(PeriodRecord::observation)
        .allSatisfy(o -> assertThat(o.failuresPerSecond()).isZero());
  }

  @Test
  void telemetryReportsProcessCpuAsAShareOfTheProcessors() {
    TaskProfile cpuOnly = TaskProfile.of(constant(0.005), none());
    Scenario scenario = scenario(TWO_PROCESSORS, Downstream.NONE, 8, 60, 100, cpuOnly);

    double cpu = steadyMean(runStatic(scenario, 2), 10, PoolObservation::cpuUtilization);

    assertThat(cpu).isCloseTo(100 * 0.005 / 2, within(0.02));
  }

  @Test
  void aControllerResizesThePoolEveryPeriod() {
    Scenario scenario =
        scenario(
            TWO_PROCESSORS, Downstream.NONE, 1, 20, 400, TaskProfile.of(none(), constant(0.05)));

    SimulationResult run =
        PoolSimulator.run(
            scenario,
            1,
            (clock, s) ->
                observation -> {
                  int size = Math.min(40, observation.coreSize() * 2);
                  return new Decision(
                      Decision.Action.GROW, size, size, CapacitySignal.NONE, "double");
                });

    assertThat(run.periods().subList(0, 6))
        .extracting(PeriodRecord::size)
        .containsExactly(1, 2, 4, 8, 16, 32);
  }

  @Test
  void observesArrivalsAsTheSidecarDerivesThemNotAsTheyHappened() {
    // One thread serving 20 tasks/s against 100 arriving fills the queue of 50 in the first
    // second; then nothing arrives and the backlog drains at 20/s.
    TaskProfile io = TaskProfile.of(none(), constant(0.05));
    Scenario scenario =
        new Scenario(
            "test",
            TWO_PROCESSORS,
            Downstream.NONE,
            50,
            1,
            1,
            0.05,
            1.0,
            1.0,
            List.of(Phase.steady("overload", 5, 100, io), Phase.steady("idle", 5, 0, io)));

    SimulationResult run = runStatic(scenario, 4);

    List<PoolObservation> observed = run.periods().stream().map(PeriodRecord::observation).toList();
    int queuedBefore = 0;
    double busyBefore = 0;
    double observedArrivals = 0;
    for (PoolObservation o : observed) {
      double inSystem = (o.queueLength() - queuedBefore) + (o.busyThreads() - busyBefore);
      assertThat(o.arrivalsPerSecond())
          .isCloseTo(
              Math.max(0, o.completionsPerSecond() + o.rejectionsPerSecond() + inSystem),
              within(1e-9));
      queuedBefore = o.queueLength();
      busyBefore = o.busyThreads();
      observedArrivals += o.arrivalsPerSecond() * o.periodSeconds();
    }
    // The first period is measured against a reading at time 0: its queued tasks are arrivals.
    PoolObservation first = observed.get(0);
    assertThat(first.queueLength()).isEqualTo(50);
    assertThat(first.arrivalsPerSecond()).isGreaterThanOrEqualTo(50);
    // With the queue full (or a task short of it), what is refused shows as rejections.
    assertThat(observed.subList(1, 5))
        .allSatisfy(
            o -> {
              assertThat(o.queueLength()).isGreaterThanOrEqualTo(49);
              assertThat(o.rejectionsPerSecond()).isGreaterThan(50);
            });
    // Nothing arrives while the backlog drains, and the completions of tasks that queued earlier
    // are not mistaken for new arrivals.
    assertThat(run.phases().get(1).arrived()).isZero();
    assertThat(observed.subList(5, 7))
        .allSatisfy(
            o -> {
              assertThat(o.queueLength()).isPositive();
              assertThat(o.completionsPerSecond()).isCloseTo(20, within(1.0));
              assertThat(o.arrivalsPerSecond()).isZero();
            });
    // Every task is counted once: the observed arrivals add up to the true ones.
    long arrived = run.phases().stream().mapToLong(PhaseOutcome::arrived).sum();
    assertThat(observedArrivals).isCloseTo(arrived, within(1e-6));
  }

  @Test
  void readsExecutionTimesFromTheRunTimeHistogram() {
    Scenario scenario =
        scenario(
            TWO_PROCESSORS, Downstream.NONE, 8, 10, 100, TaskProfile.of(none(), constant(0.05)));
    HistogramRecorder recorder = new HistogramRecorder();
    recorder.record(0.05);
    double bucketMidpoint = recorder.snapshot().mean().orElseThrow();

    SimulationResult run = runStatic(scenario, 6);

    assertThat(bucketMidpoint).isNotEqualTo(0.05);
    assertThat(run.periods())
        .extracting(PeriodRecord::observation)
        .filteredOn(PoolObservation::hasCompletions)
        .hasSizeGreaterThanOrEqualTo(10)
        .allSatisfy(
            o -> assertThat(o.executionMeanSeconds()).isCloseTo(bucketMidpoint, within(1e-9)));
  }

  /**
   * Five simulated minutes of 400 tasks/s run far faster than real time. The bound is loose, for a
   * busy CI machine: it catches a simulator that waits or steps in real time, not a slowdown (the
   * evaluation's own run time shows that).
   */
  @Test
  void runsAScenarioOfMinutesFarFasterThanRealTime() {
    Scenario scenario =
        scenario(
            new Machine(2, 0.02, 0.0005),
            Downstream.NONE,
            30,
            300,
            400,
            TaskProfile.of(exponential(0.002), exponential(0.06)));
    runStatic(scenario, 1);

    long started = System.nanoTime();
    runStatic(scenario, 2);
    double seconds = (System.nanoTime() - started) / 1e9;

    assertThat(seconds).isLessThan(10.0);
  }
}
