package io.poolpilot.sidecar.decision;

import static io.poolpilot.sidecar.decision.PoolPressure.SECOND;
import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.protocol.control.AgentIdentity;
import io.poolpilot.protocol.control.AgentReport;
import io.poolpilot.protocol.control.DesiredPool;
import io.poolpilot.protocol.control.PoolSizes;
import io.poolpilot.protocol.control.ReportedPool;
import io.poolpilot.sidecar.capacity.CapacityListener;
import io.poolpilot.sidecar.capacity.PoolDemand;
import io.poolpilot.sidecar.journal.Journal;
import io.poolpilot.sidecar.journal.JournalEntry;
import io.poolpilot.sidecar.journal.JournalReplay;
import io.poolpilot.sidecar.model.CounterPoint;
import io.poolpilot.sidecar.model.InstanceKey;
import io.poolpilot.sidecar.model.PoolKey;
import io.poolpilot.sidecar.model.PoolModel;
import io.poolpilot.sidecar.model.ProcessModel;
import io.poolpilot.sidecar.model.ProcessReport;
import io.poolpilot.sidecar.model.Temporality;
import io.poolpilot.testsupport.MutableClock;
import io.poolpilot.tuning.CapacitySignal;
import io.poolpilot.tuning.CapacitySignal.Bottleneck;
import io.poolpilot.tuning.Decision;
import io.poolpilot.tuning.PoolObservation;
import io.poolpilot.tuning.PoolPilotTuner;
import io.poolpilot.tuning.PoolTuner;
import io.poolpilot.tuning.TunerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecisionLoopsTest {

  private static final String SERVICE = "orders";
  private static final String INSTANCE = "i-1";
  private static final InstanceKey KEY = new InstanceKey(SERVICE, INSTANCE);
  private static final String API = "api-pool";
  private static final String BATCH = "batch-pool";

  @TempDir Path dataDir;

  private final MutableClock clock = new MutableClock();
  private final PoolModel model = new PoolModel(clock);
  private final ProcessModel processes = new ProcessModel();
  private final Map<String, Map<String, PoolSizes>> pinned = new HashMap<>();
  private final Set<String> serving = new HashSet<>(Set.of(API));
  private final Map<String, PoolPressure> pressure = new HashMap<>();
  private final Map<String, Integer> sizes = new HashMap<>();
  private final AtomicInteger tunersMade = new AtomicInteger();
  private final List<PoolDemand> demands = new ArrayList<>();
  private final List<InstanceKey> forgotten = new ArrayList<>();
  private Journal journal;
  private long exportTime = SECOND;

  @BeforeEach
  void openJournal() throws IOException {
    journal = Journal.open(dataDir, new JournalReplay(), warning -> {});
  }

  @AfterEach
  void closeJournal() throws IOException {
    journal.close();
  }

  @Test
  void autoGivesAServingPoolUnderQueuePressureALargerSize() {
    DecisionLoops loops = loops(TuningMode.AUTO, Set.of(), realTuner());
    report(loops, API, 4);

    for (int period = 0; period < 8 && loops.desired(KEY).isEmpty(); period++) {
      period(loops);
    }

    assertThat(loops.desired(KEY)).hasSize(1);
    DesiredPool desired = loops.desired(KEY).get(0);
    assertThat(desired.pool()).isEqualTo(API);
    assertThat(desired.max()).isGreaterThan(4);
    JournalEntry.Tuned first = tunedEntries().get(0);
    assertThat(first.pool()).isEqualTo(API);
    assertThat(first.applied()).isTrue();
    assertThat(first.from()).isEqualTo(new PoolSizes(4, 4));
    assertThat(first.to()).isEqualTo(desired.sizes());
    assertThat(first.reason()).isNotBlank();
  }

  @Test
  void recommendJournalsWhatItWouldDoButDesiresNothing() {
    DecisionLoops loops = loops(TuningMode.RECOMMEND, Set.of(), realTuner());
    report(loops, API, 4);

    for (int period = 0; period < 6; period++) {
      period(loops);
      assertThat(loops.desired(KEY)).isEmpty();
    }

    List<JournalEntry.Tuned> tuned = tunedEntries();
    assertThat(tuned).isNotEmpty().allSatisfy(entry -> assertThat(entry.applied()).isFalse());
    assertThat(tuned.get(0).to().max()).isGreaterThan(4);
    assertThat(tuned.get(0).reason()).startsWith("recommend only: ");
  }

  @Test
  void aRequestPoolKeepsItsFloorWhateverTheTunerSays() {
    List<Integer> floorsGiven = new ArrayList<>();
    TuningSettings settings =
        new TuningSettings(TuningMode.AUTO, Set.of(BATCH), 2, Map.of(BATCH, 3));
    DecisionLoops loops =
        loops(
            settings,
            floor -> {
              floorsGiven.add(floor);
              return alwaysGrowTo(1);
            });
    report(loops, API, 4);
    report(loops, BATCH, 4);

    for (int period = 0; period < 3; period++) {
      period(loops);
    }

    assertThat(floorsGiven).containsExactlyInAnyOrder(2, 3);
    assertThat(loops.desired(KEY))
        .containsExactlyInAnyOrder(new DesiredPool(API, 2, 2), new DesiredPool(BATCH, 3, 3));
  }

  @Test
  void aPinWinsOverTheFloor() {
    pin(API, new PoolSizes(1, 1));
    DecisionLoops loops = loops(TuningMode.AUTO, Set.of(), () -> alwaysGrowTo(1));
    report(loops, API, 4);

    for (int period = 0; period < 3; period++) {
      period(loops);
    }

    assertThat(loops.desired(KEY)).containsExactly(new DesiredPool(API, 1, 1));
  }

  @Test
  void theRealTunerNeverDecidesBelowARequestPoolsFloor() {
    DecisionLoops loops =
        loops(
            TuningSettings.DEFAULTS,
            floor ->
                new PoolPilotTuner(
                    TunerConfig.DEFAULTS.withSizes(floor, TunerConfig.DEFAULTS.maxSize()), clock));
    report(loops, API, 1);

    for (int period = 0; period < 3; period++) {
      period(loops);
    }

    assertThat(tunedEntries()).isNotEmpty();
    assertThat(tunedEntries().get(0).to()).isEqualTo(new PoolSizes(2, 2));
    assertThat(tunedEntries().get(0).reason()).contains("outside the configured 2..200");
  }

  @Test
  void aPinnedPoolIsNeverTunedAndItsPinIsDesired() {
    pin(API, new PoolSizes(4, 4));
    DecisionLoops loops = loops(TuningMode.AUTO, Set.of(API), realTuner());
    report(loops, API, 4);

    for (int period = 0; period < 5; period++) {
      period(loops);
    }

    assertThat(loops.desired(KEY)).containsExactly(new DesiredPool(API, 4, 4));
    assertThat(tunersMade).hasValue(0);
    assertThat(tunedEntries()).isEmpty();
  }

  @Test
  void aPinTakesOverFromTheTunerAtOnceAndItsReleaseHandsThePoolBack() {
    DecisionLoops loops = loops(TuningMode.AUTO, Set.of(), () -> alwaysGrowTo(10));
    report(loops, API, 4);
    period(loops);
    period(loops);
    assertThat(loops.desired(KEY)).containsExactly(new DesiredPool(API, 10, 10));

    pin(API, new PoolSizes(3, 3));
    loops.pinsChanged(SERVICE);
    assertThat(loops.desired(KEY)).containsExactly(new DesiredPool(API, 3, 3));

    report(loops, API, 3);
    period(loops);
    unpin(API);
    loops.pinsChanged(SERVICE);
    assertThat(loops.desired(KEY)).as("the tuner starts afresh after the pin").isEmpty();
    period(loops);
    period(loops);
    assertThat(loops.desired(KEY)).containsExactly(new DesiredPool(API, 10, 10));
    assertThat(tunersMade).hasValue(2);
  }

  @Test
  void aPoolThatNeitherServesRequestsNorIsIncludedIsNeverTuned() {
    DecisionLoops loops = loops(TuningMode.AUTO, Set.of(), realTuner());
    report(loops, BATCH, 4);

    for (int period = 0; period < 5; period++) {
      period(loops);
    }

    assertThat(loops.desired(KEY)).isEmpty();
    assertThat(tunersMade).hasValue(0);
  }

  @Test
  void aPoolNamedInTuningIncludeIsTuned() {
    DecisionLoops loops = loops(TuningMode.AUTO, Set.of(BATCH), () -> alwaysGrowTo(10));
    report(loops, BATCH, 4);

    period(loops);
    period(loops);

    assertThat(loops.desired(KEY)).containsExactly(new DesiredPool(BATCH, 10, 10));
  }

  @Test
  void aPoolTheAgentCannotResizeIsNeverTuned() {
    DecisionLoops loops = loops(TuningMode.AUTO, Set.of(), () -> alwaysGrowTo(10));
    loops.agentReported(
        agent(new ReportedPool(API, 1, 1, 1, 1, false, Optional.of("single-thread executor"))));
    sizes.put(API, 1);

    period(loops);
    period(loops);

    assertThat(loops.desired(KEY)).isEmpty();
    assertThat(tunersMade).hasValue(0);
  }

  @Test
  void offRunsNoTunerButStillDesiresThePins() {
    pin(BATCH, new PoolSizes(2, 2));
    DecisionLoops loops = loops(TuningMode.OFF, Set.of(API, BATCH), realTuner());
    report(loops, API, 4);
    report(loops, BATCH, 4);

    for (int period = 0; period < 5; period++) {
      period(loops);
    }

    assertThat(loops.desired(KEY)).containsExactly(new DesiredPool(BATCH, 2, 2));
    assertThat(tunersMade).hasValue(0);
    assertThat(tunedEntries()).isEmpty();
  }

  @Test
  void aPoolsFirstReadingStartsItsFirstPeriod() {
    AtomicInteger decisions = new AtomicInteger();
    DecisionLoops loops = loops(TuningMode.AUTO, Set.of(), () -> holding(decisions));
    report(loops, API, 4);

    period(loops);
    assertThat(decisions).as("one reading is no period yet").hasValue(0);

    period(loops);
    assertThat(decisions).hasValue(1);
  }

  @Test
  void theLoopDecidesAtMostOncePerPeriodAndOnlyOnFreshTelemetry() {
    AtomicInteger decisions = new AtomicInteger();
    DecisionLoops loops = loops(TuningMode.AUTO, Set.of(), () -> holding(decisions));
    report(loops, API, 4);
    export(API);
    loops.runDue();

    clock.advance(Duration.ofMillis(500));
    export(API);
    assertThat(loops.runDue()).as("half a period after the last run").isZero();
    assertThat(decisions).hasValue(0);

    clock.advance(Duration.ofMillis(500));
    assertThat(loops.runDue()).as("its telemetry waited for the period to end").isOne();
    assertThat(decisions).hasValue(1);

    clock.advance(Duration.ofSeconds(1));
    assertThat(loops.runDue()).as("no fresh telemetry").isZero();
    assertThat(decisions).hasValue(1);

    export(API);
    loops.runDue();
    assertThat(decisions).hasValue(2);
    assertThat(tunedEntries()).isEmpty();
  }

  @Test
  void telemetryFromASenderWithoutAnAgentIsNeverDecidedOn() {
    DecisionLoops loops = loops(TuningMode.AUTO, Set.of(), () -> alwaysGrowTo(10));
    sizes.put(API, 4);

    period(loops);
    period(loops);

    assertThat(loops.instances()).isEmpty();
    assertThat(loops.desired(KEY)).isEmpty();
    assertThat(tunersMade).hasValue(0);
  }

  @Test
  void aPoolThatStopsServingRequestsKeepsItsTunedSizeButIsNoLongerTuned() {
    DecisionLoops loops = loops(TuningMode.AUTO, Set.of(), () -> alwaysGrowTo(10));
    report(loops, API, 4);
    period(loops);
    period(loops);

    serving.clear();
    report(loops, API, 10);
    period(loops);
    period(loops);

    assertThat(loops.desired(KEY)).containsExactly(new DesiredPool(API, 10, 10));
    assertThat(tunedEntries()).hasSize(1);
  }

  @Test
  void aPoolTheAgentNoLongerReportsLeavesTheDesiredState() {
    DecisionLoops loops = loops(TuningMode.AUTO, Set.of(), () -> alwaysGrowTo(10));
    report(loops, API, 4);
    period(loops);
    period(loops);
    assertThat(loops.desired(KEY)).hasSize(1);

    loops.agentReported(agent());

    assertThat(loops.desired(KEY)).isEmpty();
  }

  @Test
  void resumedSizesAreDesiredUntilTheTunerDecidesAgain() {
    DecisionLoops loops = loops(TuningMode.AUTO, Set.of(), realTuner());

    loops.agentReported(
        agent(new ReportedPool(API, 12, 12, 12, 12, true, Optional.empty())),
        Map.of(API, new PoolSizes(12, 12)));

    assertThat(loops.desired(KEY)).containsExactly(new DesiredPool(API, 12, 12));
  }

  @Test
  void theProcessesCpuAndGcFiguresReachTheTuner() {
    AtomicReference<PoolObservation> seen = new AtomicReference<>();
    DecisionLoops loops =
        loops(
            TuningMode.AUTO,
            Set.of(),
            () ->
                observation -> {
                  seen.set(observation);
                  return alwaysGrowTo(10).decide(observation);
                });
    report(loops, API, 4);
    processReport(0.6, 0.93, 2, 1.0);
    period(loops);
    processReport(0.6, 0.93, 2, 1.12);
    period(loops);

    assertThat(seen.get().cpuUtilization())
        .as("the main consumer of the machine: the machine's")
        .isEqualTo(0.93);
    assertThat(seen.get().availableProcessors())
        .as("the process's, not the sidecar's")
        .isEqualTo(2);
    assertThat(seen.get().gcTimeFraction())
        .isCloseTo(0.12, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void everyDecisionsDemandAndSignalReachCapacityAndAForgottenInstanceLeavesIt() {
    CapacitySignal cpu = CapacitySignal.raise(Bottleneck.CPU, 1.3, "CPU 100% of 4 processors");
    DecisionLoops loops =
        loops(
            TuningMode.AUTO,
            Set.of(),
            () -> observation -> Decision.hold(4, 4, cpu, "CPU saturated"));
    report(loops, API, 4);
    period(loops);
    period(loops);
    loops.forget(KEY);

    assertThat(demands).hasSize(1);
    PoolDemand demand = demands.get(0);
    assertThat(demand.service()).isEqualTo(SERVICE);
    assertThat(demand.instance()).isEqualTo(INSTANCE);
    assertThat(demand.pool()).isEqualTo(API);
    assertThat(demand.arrivalsPerSecond()).as("100 completed, the queue steady").isEqualTo(100);
    assertThat(demand.busyThreads()).isEqualTo(4);
    assertThat(demand.maxSize()).isEqualTo(4);
    assertThat(demand.signal()).isEqualTo(cpu);
    assertThat(forgotten).containsExactly(KEY);
    assertThat(tunedEntries())
        .as("a newly raised signal is journaled once")
        .extracting(JournalEntry.Tuned::capacity)
        .containsExactly("CPU");
  }

  @Test
  void aDecisionThatCannotBeJournaledTakesNoEffect() throws IOException {
    DecisionLoops loops = loops(TuningMode.AUTO, Set.of(), () -> alwaysGrowTo(10));
    report(loops, API, 4);
    period(loops);
    journal.close();

    period(loops);
    period(loops);

    assertThat(loops.desired(KEY)).isEmpty();
    journal = Journal.open(dataDir, new JournalReplay(), warning -> {});
  }

  private DecisionLoops loops(TuningMode mode, Set<String> include, Supplier<PoolTuner> tuners) {
    return loops(new TuningSettings(mode, include), floor -> tuners.get());
  }

  private DecisionLoops loops(TuningSettings settings, IntFunction<PoolTuner> tuners) {
    DecisionLoops loops =
        new DecisionLoops(
            settings,
            journal,
            clock,
            floor -> {
              tunersMade.incrementAndGet();
              return tuners.apply(floor);
            },
            4,
            model,
            processes,
            service -> Set.copyOf(serving),
            service -> Map.copyOf(pinned.getOrDefault(service, Map.of())),
            new CapacityListener() {
              @Override
              public void observed(PoolDemand demand) {
                demands.add(demand);
              }

              @Override
              public void forget(InstanceKey instance) {
                forgotten.add(instance);
              }
            },
            (service, pool) -> OptionalInt.empty());
    model.onReading(loops::telemetryArrived);
    return loops;
  }

  private Supplier<PoolTuner> realTuner() {
    return () -> new PoolPilotTuner(TunerConfig.DEFAULTS, clock);
  }

  private void pin(String pool, PoolSizes to) {
    pinned.computeIfAbsent(SERVICE, s -> new HashMap<>()).put(pool, to);
  }

  private void unpin(String pool) {
    pinned.getOrDefault(SERVICE, new HashMap<>()).remove(pool);
  }

  /** Reports a resizable pool of {@code size} threads (with every other pool reported so far). */
  private void report(DecisionLoops loops, String pool, int size) {
    sizes.put(pool, size);
    List<ReportedPool> reported = new ArrayList<>();
    sizes.forEach(
        (name, poolSize) ->
            reported.add(
                new ReportedPool(
                    name, poolSize, poolSize, poolSize, poolSize, true, Optional.empty())));
    loops.agentReported(agent(reported.toArray(ReportedPool[]::new)));
  }

  private static AgentReport agent(ReportedPool... pools) {
    return new AgentReport(
        new AgentIdentity(SERVICE, INSTANCE, "0.1.0", "tune"), 1, 0, "", List.of(pools), List.of());
  }

  /** One export of every pool reported so far, then a second passes and due loops run. */
  private void period(DecisionLoops loops) {
    sizes.keySet().forEach(this::export);
    clock.advance(Duration.ofSeconds(1));
    loops.runDue();
  }

  private void export(String pool) {
    exportTime += SECOND / 2;
    model.record(
        pressure
            .computeIfAbsent(pool, p -> new PoolPressure(new PoolKey(SERVICE, INSTANCE, p)))
            .export(exportTime, sizes.get(pool)));
    exportTime += SECOND / 2;
  }

  private void processReport(double cpu, double machine, int processors, double gcSeconds) {
    processes.record(
        new ProcessReport(
            KEY,
            exportTime + SECOND,
            OptionalDouble.of(cpu),
            OptionalDouble.of(processors),
            Optional.of(
                new CounterPoint(Temporality.CUMULATIVE, 1, exportTime + SECOND, gcSeconds)),
            Optional.empty(),
            Optional.empty(),
            OptionalDouble.of(machine)));
  }

  private List<JournalEntry.Tuned> tunedEntries() {
    List<JournalEntry.Tuned> tuned = new ArrayList<>();
    List<JournalEntry> recent = journal.recent(Journal.RECENT_ENTRIES);
    for (int i = recent.size() - 1; i >= 0; i--) {
      if (recent.get(i) instanceof JournalEntry.Tuned entry) {
        tuned.add(entry);
      }
    }
    return tuned;
  }

  private static PoolTuner alwaysGrowTo(int size) {
    return observation ->
        new Decision(
            Decision.Action.GROW,
            size,
            size,
            CapacitySignal.NONE,
            "grew " + observation.pool() + " " + observation.maxSize() + "→" + size);
  }

  private static PoolTuner holding(AtomicInteger decisions) {
    return observation -> {
      decisions.incrementAndGet();
      return Decision.hold(
          observation.coreSize(), observation.maxSize(), CapacitySignal.NONE, "hold");
    };
  }
}
