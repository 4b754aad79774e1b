package io.poolpilot.sidecar.control;

import static io.poolpilot.sidecar.testing.ControlFixture.report;
import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.protocol.control.DesiredPool;
import io.poolpilot.protocol.control.DesiredStateHash;
import io.poolpilot.protocol.control.PoolSizes;
import io.poolpilot.sidecar.decision.TuningMode;
import io.poolpilot.sidecar.decision.TuningSettings;
import io.poolpilot.sidecar.journal.Journal;
import io.poolpilot.sidecar.journal.JournalEntry;
import io.poolpilot.sidecar.model.CounterPoint;
import io.poolpilot.sidecar.model.InstanceKey;
import io.poolpilot.sidecar.model.PoolKey;
import io.poolpilot.sidecar.model.PoolReport;
import io.poolpilot.sidecar.model.PoolValue;
import io.poolpilot.sidecar.model.Temporality;
import io.poolpilot.sidecar.testing.ControlFixture;
import io.poolpilot.testsupport.MutableClock;
import io.poolpilot.tuning.CapacitySignal;
import io.poolpilot.tuning.Decision;
import io.poolpilot.tuning.PoolTuner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlServiceTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final InstanceKey I1 = new InstanceKey("orders", "i-1");

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(T0);
  private ControlFixture fixture;

  @AfterEach
  void close() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private ControlService control() {
    if (fixture == null) {
      fixture = new ControlFixture(dir, clock);
    }
    return fixture.control;
  }

  @Test
  void theFirstPollIssuesAnEmptyStateVersionedByTheClock() throws Exception {
    IssuedState state = control().poll(report("orders", "i-1", 1, 0, "orders-*"));

    assertThat(state.version()).isEqualTo(T0.toEpochMilli());
    assertThat(state.desired()).isEmpty();
    assertThat(state.hash()).isEqualTo(DesiredStateHash.of(List.of()));
    assertThat(journalLines()).hasSize(1);
  }

  @Test
  void anUnchangedStateKeepsItsVersionAndWritesNothing() throws Exception {
    IssuedState first = control().poll(report("orders", "i-1", 1, 0, "orders-*"));
    clock.advance(Duration.ofSeconds(1));

    IssuedState second = control().poll(report("orders", "i-1", 2, first.version(), "orders-*"));

    assertThat(second).isEqualTo(first);
    assertThat(journalLines()).hasSize(1);
  }

  @Test
  void aPinReachesEveryInstanceOfTheServiceWithANewVersion() throws Exception {
    IssuedState before = control().poll(report("orders", "i-1", 1, 0, "orders-*"));
    control().poll(report("orders", "i-2", 1, 0, "orders-*"));
    clock.advance(Duration.ofMillis(5));

    assertThat(control().pin("orders", "orders-*", new PoolSizes(6, 16), "test")).isTrue();
    IssuedState i1 = control().poll(report("orders", "i-1", 2, before.version(), "orders-*"));
    IssuedState i2 = control().poll(report("orders", "i-2", 2, before.version(), "orders-*"));

    assertThat(i1.version()).isGreaterThan(before.version());
    assertThat(i1.desired()).containsExactly(new DesiredPool("orders-*", 6, 16));
    assertThat(i2.desired()).isEqualTo(i1.desired());
    assertThat(i2.hash()).isEqualTo(i1.hash());
  }

  @Test
  void aReleaseTakesThePoolOutOfTheDesiredState() throws Exception {
    control().pin("orders", "orders-*", new PoolSizes(6, 16), "test");
    IssuedState pinned = control().poll(report("orders", "i-1", 1, 0, "orders-*"));

    assertThat(control().release("orders", "orders-*", "test")).contains(new PoolSizes(6, 16));
    IssuedState released = control().poll(report("orders", "i-1", 2, pinned.version(), "orders-*"));

    assertThat(pinned.desired()).hasSize(1);
    assertThat(released.desired()).isEmpty();
    assertThat(released.version()).isGreaterThan(pinned.version());
    assertThat(control().release("orders", "orders-*", "again")).isEmpty();
  }

  @Test
  void aPinOnlyReachesInstancesThatHaveThePool() throws Exception {
    control().pin("orders", "orders-*", new PoolSizes(6, 16), "test");

    IssuedState without = control().poll(report("orders", "i-1", 1, 0, "other-*"));
    IssuedState with =
        control().poll(report("orders", "i-1", 2, without.version(), "other-*", "orders-*"));

    assertThat(without.desired()).isEmpty();
    assertThat(with.desired()).containsExactly(new DesiredPool("orders-*", 6, 16));
    assertThat(with.version()).isGreaterThan(without.version());
  }

  @Test
  void aStaleMessageChangesNothingButIsStillAnswered() throws Exception {
    control().poll(report("orders", "i-1", 5, 0, "orders-*", "late-*"));

    IssuedState answer = control().poll(report("orders", "i-1", 4, 0, "orders-*"));

    assertThat(answer).isEqualTo(control().lastIssued(I1).orElseThrow());
    assertThat(control().agent(I1).orElseThrow().sequence()).isEqualTo(5);
    assertThat(control().agent(I1).orElseThrow().pools()).hasSize(2);
  }

  @Test
  void theFirstMessageOfARestartedAgentIsNotStale() throws Exception {
    control().poll(report("orders", "i-1", 500, 0, "orders-*"));

    control().poll(report("orders", "i-1", 1, 0, "orders-*", "new-*"));

    assertThat(control().agent(I1).orElseThrow().sequence()).isEqualTo(1);
  }

  @Test
  void versionsIncreaseEvenWhenTheClockStepsBack() throws Exception {
    IssuedState first = control().poll(report("orders", "i-1", 1, 0, "orders-*"));
    clock.set(T0.minus(Duration.ofHours(1)));
    control().pin("orders", "orders-*", new PoolSizes(3, 3), "test");

    IssuedState second = control().poll(report("orders", "i-1", 2, first.version(), "orders-*"));

    assertThat(second.version()).isEqualTo(first.version() + 1);
  }

  @Test
  void anAgentReportingAHigherAppliedVersionGetsAHigherOne() throws Exception {
    long fromAnotherSidecar = T0.toEpochMilli() + 60_000;

    IssuedState state = control().poll(report("orders", "i-1", 7, fromAnotherSidecar, "orders-*"));

    assertThat(state.version()).isEqualTo(fromAnotherSidecar + 1);
  }

  @Test
  void pinningTheSameSizesTwiceJournalsOnce() throws Exception {
    assertThat(control().pin("orders", "orders-*", new PoolSizes(2, 4), "a")).isTrue();
    assertThat(control().pin("orders", "orders-*", new PoolSizes(2, 4), "b")).isFalse();

    assertThat(journalLines()).hasSize(1);
  }

  @Test
  void everyIssuedVersionIsJournaledWithWhatChanged() throws Exception {
    IssuedState first = control().poll(report("orders", "i-1", 1, 0, "orders-*"));
    control().pin("orders", "orders-*", new PoolSizes(6, 16), "test");
    control().poll(report("orders", "i-1", 2, first.version(), "orders-*"));

    JournalEntry.Issued latest = (JournalEntry.Issued) control().recentDecisions(1).get(0);

    assertThat(latest.reason()).isEqualTo("orders-*: application's sizes -> core 6, max 16");
    assertThat(latest.desired()).containsExactly(new DesiredPool("orders-*", 6, 16));
  }

  @Test
  void aForgottenInstanceLosesItsReportAndItsVersionButNotTheOthers() throws Exception {
    control().poll(report("orders", "i-1", 1, 0, "orders-*"));
    clock.advance(Duration.ofSeconds(90));
    control().poll(report("orders", "i-2", 1, 0, "orders-*"));
    clock.advance(Duration.ofSeconds(60));

    assertThat(fixture.model.expire(Duration.ofMinutes(2)))
        .extracting(gone -> gone.key())
        .as("a polling instance counts as heard from")
        .containsExactly(I1);
    assertThat(control().forget(I1)).containsExactly("orders-*");

    assertThat(control().agent(I1)).isEmpty();
    assertThat(control().lastIssued(I1)).isEmpty();
    assertThat(fixture.loops.desired(I1)).isEmpty();
    assertThat(control().lastIssued(new InstanceKey("orders", "i-2"))).isPresent();
    assertThat(control().forget(I1)).isEmpty();
  }

  @Test
  void versionsOfInstancesKnownOnlyFromTheJournalAreForgottenOnceSilent() throws Exception {
    IssuedState first = control().poll(report("orders", "i-1", 1, 0, "orders-*"));
    fixture.close();
    fixture = new ControlFixture(dir, clock);
    assertThat(control().lastIssued(I1)).contains(first);

    clock.advance(Duration.ofMinutes(3));
    control().forgetSilent(Duration.ofMinutes(2));

    assertThat(control().lastIssued(I1)).isEmpty();
  }

  @Test
  void theTunersSizesGoUnderThePins() throws Exception {
    fixture =
        new ControlFixture(
            dir, clock, new TuningSettings(TuningMode.AUTO, Set.of("api", "batch")), () -> grow);
    control().pin("orders", "batch", new PoolSizes(2, 2), "test");
    control().poll(report("orders", "i-1", 1, 0, "api", "batch"));

    for (int second = 1; second <= 2; second++) {
      export("api", second);
      export("batch", second);
      clock.advance(Duration.ofSeconds(1));
      fixture.loops.runDue();
    }
    IssuedState state = control().poll(report("orders", "i-1", 2, 0, "api", "batch"));

    assertThat(state.desired())
        .containsExactly(new DesiredPool("api", 10, 10), new DesiredPool("batch", 2, 2));
    assertThat(control().desiredFor(I1)).isEqualTo(state.desired());
  }

  @Test
  void aRestartedSidecarKeepsTheTunedSizesItLastIssuedButNotThePinnedOnes() throws Exception {
    try (ControlFixture before =
        new ControlFixture(dir, clock, new TuningSettings(TuningMode.AUTO, Set.of("api")))) {
      before.control.pin("orders", "batch", new PoolSizes(2, 2), "test");
      before.journal.append(
          new JournalEntry.Issued(
              clock.instant(),
              "orders",
              "i-1",
              7,
              "h",
              List.of(new DesiredPool("api", 12, 12), new DesiredPool("batch", 2, 2)),
              "tuned before the restart"));
    }
    fixture = new ControlFixture(dir, clock, new TuningSettings(TuningMode.AUTO, Set.of("api")));

    IssuedState resumed = control().poll(report("orders", "i-1", 1, 0, "api", "batch"));
    control().release("orders", "batch", "test");
    IssuedState released = control().poll(report("orders", "i-1", 2, 0, "api", "batch"));

    assertThat(resumed.desired())
        .containsExactly(new DesiredPool("api", 12, 12), new DesiredPool("batch", 2, 2));
    assertThat(released.desired())
        .as("the pinned pool's sizes were the pin's, not the tuner's")
        .containsExactly(new DesiredPool("api", 12, 12));
  }

  @Test
  void resumedSizesOutliveTelemetryThatArrivesBeforeTheFirstPoll() throws Exception {
    TuningSettings auto = new TuningSettings(TuningMode.AUTO, Set.of("api"));
    issuedBeforeARestart(auto, new DesiredPool("api", 12, 12));
    fixture = new ControlFixture(dir, clock, auto);

    export("api", 1);
    clock.advance(Duration.ofSeconds(1));
    fixture.loops.runDue();
    IssuedState first = control().poll(report("orders", "i-1", 1, 7, "api"));

    assertThat(first.desired()).containsExactly(new DesiredPool("api", 12, 12));
    assertThat(first.version()).as("the state issued before the restart, again").isEqualTo(7);
  }

  @Test
  void sizesRecoveredForAnInstanceThatNeverCameBackAreReleasedWithItsVersion() throws Exception {
    TuningSettings auto = new TuningSettings(TuningMode.AUTO, Set.of("api"));
    issuedBeforeARestart(auto, new DesiredPool("api", 12, 12));
    fixture = new ControlFixture(dir, clock, auto);
    assertThat(fixture.loops.instances()).as("no loop before the instance reports").isEmpty();

    clock.advance(Duration.ofMinutes(3));
    control().forgetSilent(Duration.ofMinutes(2));
    IssuedState late = control().poll(report("orders", "i-1", 1, 0, "api"));

    assertThat(late.desired()).isEmpty();
  }

  private final PoolTuner grow =
      observation -> new Decision(Decision.Action.GROW, 10, 10, CapacitySignal.NONE, "grew to 10");

  /**
   * Journals, in a sidecar that is then closed, that i-1 was issued {@code desired} as version 7.
   */
  private void issuedBeforeARestart(TuningSettings tuning, DesiredPool... desired)
      throws IOException {
    try (ControlFixture before = new ControlFixture(dir, clock, tuning)) {
      before.journal.append(
          new JournalEntry.Issued(
              clock.instant(),
              "orders",
              "i-1",
              7,
              DesiredStateHash.of(List.of(desired)),
              List.of(desired),
              "tuned before the restart"));
    }
  }

  /** A cumulative export of {@code pool}: 100 tasks a second, none waiting. */
  private void export(String pool, int second) {
    long time = second * 1_000_000_000L;
    fixture.model.record(
        new PoolReport(
            new PoolKey("orders", "i-1", pool),
            time,
            Map.of(PoolValue.CORE, 2.0, PoolValue.MAX, 8.0, PoolValue.ACTIVE, 2.0),
            Map.of(
                PoolValue.COMPLETED,
                new CounterPoint(Temporality.CUMULATIVE, 1, time, 100.0 * second)),
            Optional.empty()));
  }

  private List<String> journalLines() throws Exception {
    return Files.readAllLines(dir.resolve(Journal.FILE_NAME));
  }
}
