package io.poolpilot.sidecar.tuning;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.sidecar.control.ControlService;
import io.poolpilot.sidecar.control.DesiredState;
import io.poolpilot.sidecar.journal.Journal;
import io.poolpilot.sidecar.journal.JournalEntry;
import io.poolpilot.sidecar.journal.JournalReplay;
import io.poolpilot.sidecar.model.AgentReport;
import io.poolpilot.sidecar.model.ApplyResult;
import io.poolpilot.sidecar.model.DesiredPool;
import io.poolpilot.sidecar.model.InstanceKey;
import io.poolpilot.sidecar.model.PoolKey;
import io.poolpilot.sidecar.model.PoolModel;
import io.poolpilot.sidecar.model.PoolReport;
import io.poolpilot.sidecar.model.PoolSizes;
import io.poolpilot.sidecar.model.PoolSnapshot;
import io.poolpilot.sidecar.model.PoolValue;
import io.poolpilot.sidecar.model.ReportedPool;
import io.poolpilot.sidecar.model.WaitQuantiles;
import io.poolpilot.sidecar.testing.MutableClock;
import io.poolpilot.tuning.CapacitySignal;
import io.poolpilot.tuning.Decision;
import io.poolpilot.tuning.PoolTuner;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TuningServiceTest {

  private static final String SERVICE = "orders";
  private static final String INSTANCE = "i-1";
  private static final String API = "api-pool";
  private static final String BATCH = "batch-pool";
  private static final long SECOND = 1_000_000_000L;

  @TempDir Path dataDir;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final List<String> warnings = new ArrayList<>();
  private final AtomicInteger tunersMade = new AtomicInteger();
  private Journal journal;
  private long exportTime = SECOND;

  @BeforeEach
  void openJournal() throws IOException {
    journal = Journal.open(dataDir, new JournalReplay(), warnings::add);
  }

  @AfterEach
  void closeJournal() throws IOException {
    journal.close();
  }

  @Test
  void autoGivesAServingPoolUnderQueuePressureALargerSize() throws IOException {
    TuningService tuning = service(TuningMode.AUTO, Set.of());

    Map<String, PoolSizes> desired = Map.of();
    for (int period = 0; period < 5 && !desired.containsKey(API); period++) {
      desired = tuning.run(agent(reported(API, 4)), List.of(underPressure(API, 4)), Map.of());
      clock.advance(Duration.ofSeconds(1));
    }

    assertThat(desired).containsKey(API);
    assertThat(desired.get(API).max()).isGreaterThan(4);
    assertThat(tuning.desired(new InstanceKey(SERVICE, INSTANCE))).isEqualTo(desired);
    List<JournalEntry.Tuned> tuned = tunedEntries();
    assertThat(tuned).isNotEmpty();
    JournalEntry.Tuned first = tuned.get(0);
    assertThat(first.pool()).isEqualTo(API);
    assertThat(first.applied()).isTrue();
    assertThat(first.from()).isEqualTo(new PoolSizes(4, 4));
    assertThat(first.to()).isEqualTo(desired.get(API));
    assertThat(first.reason()).isNotBlank();
  }

  @Test
  void recommendJournalsWhatItWouldDoButDesiresNothing() throws IOException {
    TuningService tuning = service(TuningMode.RECOMMEND, Set.of());

    for (int period = 0; period < 5; period++) {
      assertThat(tuning.run(agent(reported(API, 4)), List.of(underPressure(API, 4)), Map.of()))
          .isEmpty();
      clock.advance(Duration.ofSeconds(1));
    }

    assertThat(tuning.desired(new InstanceKey(SERVICE, INSTANCE))).isEmpty();
    List<JournalEntry.Tuned> tuned = tunedEntries();
    assertThat(tuned).isNotEmpty();
    assertThat(tuned).allSatisfy(entry -> assertThat(entry.applied()).isFalse());
    assertThat(tuned.get(0).to().max()).isGreaterThan(4);
    assertThat(tuned.get(0).reason()).startsWith("recommend only: ");
  }

  @Test
  void aPinnedPoolIsNeverTuned() throws IOException {
    TuningService tuning = service(TuningMode.AUTO, Set.of(API));

    for (int period = 0; period < 5; period++) {
      Map<String, PoolSizes> desired =
          tuning.run(
              agent(reported(API, 4)),
              List.of(underPressure(API, 4)),
              Map.of(API, new PoolSizes(4, 4)));
      assertThat(desired).isEmpty();
      clock.advance(Duration.ofSeconds(1));
    }

    assertThat(tunersMade).hasValue(0);
    assertThat(tunedEntries()).isEmpty();
  }

  @Test
  void aPinTakesOverFromTheTuner() throws IOException {
    TuningService tuning = service(TuningMode.AUTO, Set.of(), alwaysGrowTo(10));
    assertThat(tuning.run(agent(reported(API, 4)), List.of(underPressure(API, 4)), Map.of()))
        .containsEntry(API, new PoolSizes(10, 10));

    clock.advance(Duration.ofSeconds(1));
    Map<String, PoolSizes> desired =
        tuning.run(
            agent(reported(API, 10)),
            List.of(underPressure(API, 10)),
            Map.of(API, new PoolSizes(3, 3)));

    assertThat(desired).isEmpty();
    assertThat(tuning.desired(new InstanceKey(SERVICE, INSTANCE))).isEmpty();
  }

  @Test
  void aPoolThatNeitherServesRequestsNorIsIncludedIsNeverTuned() throws IOException {
    TuningService tuning = service(TuningMode.AUTO, Set.of());

    for (int period = 0; period < 5; period++) {
      assertThat(tuning.run(agent(reported(BATCH, 4)), List.of(underPressure(BATCH, 4)), Map.of()))
          .isEmpty();
      clock.advance(Duration.ofSeconds(1));
    }

    assertThat(tunersMade).hasValue(0);
    assertThat(tunedEntries()).isEmpty();
  }

  @Test
  void aPoolNamedInTuningIncludeIsTuned() throws IOException {
    TuningService tuning = service(TuningMode.AUTO, Set.of(BATCH), alwaysGrowTo(10));

    Map<String, PoolSizes> desired =
        tuning.run(agent(reported(BATCH, 4)), List.of(underPressure(BATCH, 4)), Map.of());

    assertThat(desired).containsExactly(Map.entry(BATCH, new PoolSizes(10, 10)));
  }

  @Test
  void aPoolTheAgentCannotResizeIsNeverTuned() throws IOException {
    TuningService tuning = service(TuningMode.AUTO, Set.of(), alwaysGrowTo(10));
    ReportedPool fixed =
        new ReportedPool(API, 1, 1, 1, 1, false, Optional.of("single-thread executor"));

    assertThat(tuning.run(agent(fixed), List.of(underPressure(API, 1)), Map.of())).isEmpty();
    assertThat(tunersMade).hasValue(0);
  }

  @Test
  void offDoesNothing() throws IOException {
    TuningService tuning = service(TuningMode.OFF, Set.of(API, BATCH));

    for (int period = 0; period < 5; period++) {
      assertThat(
              tuning.run(
                  agent(reported(API, 4), reported(BATCH, 4)),
                  List.of(underPressure(API, 4), underPressure(BATCH, 4)),
                  Map.of()))
          .isEmpty();
      clock.advance(Duration.ofSeconds(1));
    }

    assertThat(tunersMade).hasValue(0);
    assertThat(tunedEntries()).isEmpty();
  }

  @Test
  void theTunerDecidesAtMostOncePerControlPeriodAndOnlyOnNewTelemetry() throws IOException {
    AtomicInteger decisions = new AtomicInteger();
    TuningService tuning =
        service(
            TuningMode.AUTO,
            Set.of(),
            observation -> {
              decisions.incrementAndGet();
              return Decision.hold(
                  observation.coreSize(), observation.maxSize(), CapacitySignal.NONE, "hold");
            });
    PoolSnapshot snapshot = underPressure(API, 4);

    tuning.run(agent(reported(API, 4)), List.of(snapshot), Map.of());
    clock.advance(Duration.ofMillis(500));
    tuning.run(agent(reported(API, 4)), List.of(underPressure(API, 4)), Map.of());
    assertThat(decisions).hasValue(1);

    clock.advance(Duration.ofMillis(500));
    tuning.run(agent(reported(API, 4)), List.of(snapshot), Map.of());
    assertThat(decisions).hasValue(1);

    clock.advance(Duration.ofSeconds(1));
    tuning.run(agent(reported(API, 4)), List.of(underPressure(API, 4)), Map.of());
    assertThat(decisions).hasValue(2);
    assertThat(tunedEntries()).isEmpty();
  }

  @Test
  void theControlServicePutsTheTunersSizesUnderThePins() throws IOException {
    PoolModel model = new PoolModel(clock);
    TuningService tuning =
        new TuningService(
            new TuningSettings(TuningMode.AUTO, Set.of(BATCH)),
            journal,
            clock,
            service -> Set.of(API),
            () -> alwaysGrowTo(10),
            4,
            key -> Optional.empty());
    ControlService control = new ControlService(model, journal, clock, new JournalReplay(), tuning);
    model.record(
        new PoolReport(
            new PoolKey(SERVICE, INSTANCE, API),
            SECOND,
            Map.of(PoolValue.CORE, 4.0, PoolValue.MAX, 4.0, PoolValue.QUEUED, 30.0),
            Optional.empty()));
    model.record(
        new PoolReport(
            new PoolKey(SERVICE, INSTANCE, BATCH),
            SECOND,
            Map.of(PoolValue.CORE, 4.0, PoolValue.MAX, 4.0, PoolValue.QUEUED, 30.0),
            Optional.empty()));
    control.pin(SERVICE, BATCH, new PoolSizes(2, 2), "test");

    DesiredState state = control.poll(report(1, reported(API, 4), reported(BATCH, 4)));

    assertThat(state.desired())
        .containsExactly(new DesiredPool(API, 10, 10), new DesiredPool(BATCH, 2, 2));
    assertThat(control.desiredFor(new InstanceKey(SERVICE, INSTANCE))).isEqualTo(state.desired());
    assertThat(tunedEntries()).extracting(JournalEntry.Tuned::pool).containsExactly(API);
  }

  @Test
  void aPoolThatStopsServingRequestsKeepsItsTunedSizeButIsNoLongerTuned() throws IOException {
    Set<String> serving = new java.util.HashSet<>(Set.of(API));
    TuningService tuning =
        new TuningService(
            TuningSettings.DEFAULTS,
            journal,
            clock,
            service -> Set.copyOf(serving),
            () -> {
              tunersMade.incrementAndGet();
              return alwaysGrowTo(10);
            },
            4,
            key -> Optional.empty());
    tuning.run(agent(reported(API, 4)), List.of(underPressure(API, 4)), Map.of());

    serving.clear();
    clock.advance(Duration.ofSeconds(1));
    Map<String, PoolSizes> desired =
        tuning.run(agent(reported(API, 10)), List.of(underPressure(API, 10)), Map.of());

    assertThat(desired).containsExactly(Map.entry(API, new PoolSizes(10, 10)));
    assertThat(tunedEntries()).hasSize(1);
  }

  @Test
  void aRestartedSidecarKeepsTheSizesItLastIssued() throws IOException {
    JournalReplay replay = new JournalReplay();
    replay.apply(
        new JournalEntry.Issued(
            clock.instant(),
            SERVICE,
            INSTANCE,
            7,
            "h",
            List.of(new DesiredPool(API, 12, 12)),
            "tuned before the restart"));
    TuningService tuning = service(TuningMode.AUTO, Set.of(), alwaysGrowTo(10));
    ControlService control =
        new ControlService(new PoolModel(clock), journal, clock, replay, tuning);

    DesiredState state = control.poll(report(1, reported(API, 12)));

    assertThat(state.desired()).containsExactly(new DesiredPool(API, 12, 12));
  }

  @Test
  void measuredRunTimesAreWhatTheTunerSeesAndLittlesLawOnlyStandsInForThem() {
    PoolSnapshot measured =
        new PoolSnapshot(
            new PoolKey(SERVICE, INSTANCE, API),
            SECOND,
            OptionalLong.of(4),
            OptionalLong.of(4),
            OptionalLong.of(4),
            OptionalLong.of(0),
            OptionalLong.of(0),
            OptionalLong.empty(),
            OptionalDouble.of(0),
            OptionalLong.of(100),
            OptionalLong.of(0),
            OptionalDouble.of(100),
            OptionalDouble.of(0),
            WaitQuantiles.NONE,
            new io.poolpilot.sidecar.model.RunTimes(
                100, OptionalDouble.of(0.012), OptionalDouble.of(0.09)));
    io.poolpilot.tuning.PoolObservation withRunTimes =
        TuningService.observation(
            reported(API, 4),
            measured,
            1,
            0,
            1,
            io.poolpilot.sidecar.model.ProcessSnapshot.UNKNOWN,
            2);
    assertThat(withRunTimes.executionMeanSeconds()).isEqualTo(0.012);
    assertThat(withRunTimes.executionP99Seconds()).isEqualTo(0.09);

    io.poolpilot.tuning.PoolObservation littlesLaw =
        TuningService.observation(
            reported(API, 4),
            underPressure(API, 4),
            1,
            0,
            1,
            io.poolpilot.sidecar.model.ProcessSnapshot.UNKNOWN,
            2);
    assertThat(littlesLaw.executionMeanSeconds()).as("4 busy / 100 per second").isEqualTo(0.04);
  }

  @Test
  void theProcessesCpuAndGcFiguresReachTheTuner() throws IOException {
    java.util.concurrent.atomic.AtomicReference<io.poolpilot.tuning.PoolObservation> seen =
        new java.util.concurrent.atomic.AtomicReference<>();
    PoolTuner grow = alwaysGrowTo(10);
    TuningService tuning =
        new TuningService(
            TuningSettings.DEFAULTS,
            journal,
            clock,
            service -> Set.of(API),
            () ->
                observation -> {
                  seen.set(observation);
                  return grow.decide(observation);
                },
            4,
            key ->
                key.equals(new InstanceKey(SERVICE, INSTANCE))
                    ? Optional.of(
                        new io.poolpilot.sidecar.model.ProcessSnapshot(0.6, 2, 0.12, 0.3, 0.93))
                    : Optional.empty());

    tuning.run(agent(reported(API, 4)), List.of(underPressure(API, 4)), Map.of());

    assertThat(seen.get().cpuUtilization())
        .as("the main consumer of the machine: the machine's")
        .isEqualTo(0.93);
    assertThat(seen.get().availableProcessors())
        .as("the process's, not the sidecar's")
        .isEqualTo(2);
    assertThat(seen.get().gcTimeFraction()).isEqualTo(0.12);
    assertThat(seen.get().cpuThrottledFraction()).isEqualTo(0.3);
  }

  private TuningService service(TuningMode mode, Set<String> include) {
    return new TuningService(
        new TuningSettings(mode, include),
        journal,
        clock,
        service -> Set.of(API),
        () -> {
          tunersMade.incrementAndGet();
          return new io.poolpilot.tuning.PoolPilotTuner(
              io.poolpilot.tuning.TunerConfig.DEFAULTS, clock);
        },
        4,
        key -> Optional.empty());
  }

  private TuningService service(TuningMode mode, Set<String> include, PoolTuner tuner) {
    return new TuningService(
        new TuningSettings(mode, include),
        journal,
        clock,
        service -> Set.of(API),
        () -> {
          tunersMade.incrementAndGet();
          return tuner;
        },
        4,
        key -> Optional.empty());
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

  /**
   * A pool of {@code size} threads, all busy, 40 tasks waiting, completing 100 tasks a second, its
   * tasks waiting 300 ms at the median and 600 ms at the 99th percentile: far over the 50 ms
   * objective, with each task taking size / 100 s of a thread.
   */
  private PoolSnapshot underPressure(String pool, int size) {
    exportTime += SECOND;
    return new PoolSnapshot(
        new PoolKey(SERVICE, INSTANCE, pool),
        exportTime,
        OptionalLong.of(size),
        OptionalLong.of(size),
        OptionalLong.of(size),
        OptionalLong.of(0),
        OptionalLong.of(40),
        OptionalLong.empty(),
        OptionalDouble.of(0.7),
        OptionalLong.of(exportTime / SECOND * 100),
        OptionalLong.of(0),
        OptionalDouble.of(100),
        OptionalDouble.of(0),
        new WaitQuantiles(100, OptionalDouble.of(0.3), OptionalDouble.of(0.6)),
        io.poolpilot.sidecar.model.RunTimes.NONE);
  }

  private static ReportedPool reported(String pool, int size) {
    return new ReportedPool(pool, size, size, size, size, true, Optional.empty());
  }

  private static AgentReport agent(ReportedPool... pools) {
    return report(1, pools);
  }

  private static AgentReport report(long sequence, ReportedPool... pools) {
    return new AgentReport(
        new InstanceKey(SERVICE, INSTANCE),
        "0.1.0",
        "tune",
        sequence,
        0,
        "",
        List.of(pools),
        List.<ApplyResult>of());
  }
}
