package io.poolpilot.sidecar.control;

import static io.poolpilot.sidecar.testing.ControlFixture.report;
import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.sidecar.journal.Journal;
import io.poolpilot.sidecar.journal.JournalEntry;
import io.poolpilot.sidecar.model.DesiredPool;
import io.poolpilot.sidecar.model.InstanceKey;
import io.poolpilot.sidecar.model.PoolSizes;
import io.poolpilot.sidecar.testing.ControlFixture;
import io.poolpilot.sidecar.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
  void theFirstPollIssuesAnEmptyStateVersionedByTheClock() throws IOException {
    DesiredState state = control().poll(report("orders", "i-1", 1, 0, "orders-*"));

    assertThat(state.version()).isEqualTo(T0.toEpochMilli());
    assertThat(state.desired()).isEmpty();
    assertThat(state.hash()).isEqualTo(DesiredStateHash.of(List.of()));
    assertThat(journalLines()).hasSize(1);
  }

  @Test
  void anUnchangedStateKeepsItsVersionAndWritesNothing() throws IOException {
    DesiredState first = control().poll(report("orders", "i-1", 1, 0, "orders-*"));
    clock.advance(Duration.ofSeconds(1));

    DesiredState second = control().poll(report("orders", "i-1", 2, first.version(), "orders-*"));

    assertThat(second).isEqualTo(first);
    assertThat(journalLines()).hasSize(1);
  }

  @Test
  void aPinReachesEveryInstanceOfTheServiceWithANewVersion() throws IOException {
    DesiredState before = control().poll(report("orders", "i-1", 1, 0, "orders-*"));
    control().poll(report("orders", "i-2", 1, 0, "orders-*"));
    clock.advance(Duration.ofMillis(5));

    assertThat(control().pin("orders", "orders-*", new PoolSizes(6, 16), "test")).isTrue();
    DesiredState i1 = control().poll(report("orders", "i-1", 2, before.version(), "orders-*"));
    DesiredState i2 = control().poll(report("orders", "i-2", 2, before.version(), "orders-*"));

    assertThat(i1.version()).isGreaterThan(before.version());
    assertThat(i1.desired()).containsExactly(new DesiredPool("orders-*", 6, 16));
    assertThat(i2.desired()).isEqualTo(i1.desired());
    assertThat(i2.hash()).isEqualTo(i1.hash());
  }

  @Test
  void aReleaseTakesThePoolOutOfTheDesiredState() throws IOException {
    control().pin("orders", "orders-*", new PoolSizes(6, 16), "test");
    DesiredState pinned = control().poll(report("orders", "i-1", 1, 0, "orders-*"));

    assertThat(control().release("orders", "orders-*", "test")).contains(new PoolSizes(6, 16));
    DesiredState released =
        control().poll(report("orders", "i-1", 2, pinned.version(), "orders-*"));

    assertThat(pinned.desired()).hasSize(1);
    assertThat(released.desired()).isEmpty();
    assertThat(released.version()).isGreaterThan(pinned.version());
    assertThat(control().release("orders", "orders-*", "again")).isEmpty();
  }

  @Test
  void aPinOnlyReachesInstancesThatHaveThePool() throws IOException {
    control().pin("orders", "orders-*", new PoolSizes(6, 16), "test");

    DesiredState without = control().poll(report("orders", "i-1", 1, 0, "other-*"));
    DesiredState with =
        control().poll(report("orders", "i-1", 2, without.version(), "other-*", "orders-*"));

    assertThat(without.desired()).isEmpty();
    assertThat(with.desired()).containsExactly(new DesiredPool("orders-*", 6, 16));
    assertThat(with.version()).isGreaterThan(without.version());
  }

  @Test
  void aStaleMessageChangesNothingButIsStillAnswered() throws IOException {
    control().poll(report("orders", "i-1", 5, 0, "orders-*", "late-*"));

    DesiredState answer = control().poll(report("orders", "i-1", 4, 0, "orders-*"));

    assertThat(answer).isEqualTo(control().lastIssued(I1).orElseThrow());
    assertThat(fixture.model.agent(I1).orElseThrow().sequence()).isEqualTo(5);
    assertThat(fixture.model.agent(I1).orElseThrow().pools()).hasSize(2);
  }

  @Test
  void theFirstMessageOfARestartedAgentIsNotStale() throws IOException {
    control().poll(report("orders", "i-1", 500, 0, "orders-*"));

    control().poll(report("orders", "i-1", 1, 0, "orders-*", "new-*"));

    assertThat(fixture.model.agent(I1).orElseThrow().sequence()).isEqualTo(1);
  }

  @Test
  void versionsIncreaseEvenWhenTheClockStepsBack() throws IOException {
    DesiredState first = control().poll(report("orders", "i-1", 1, 0, "orders-*"));
    clock.set(T0.minus(Duration.ofHours(1)));
    control().pin("orders", "orders-*", new PoolSizes(3, 3), "test");

    DesiredState second = control().poll(report("orders", "i-1", 2, first.version(), "orders-*"));

    assertThat(second.version()).isEqualTo(first.version() + 1);
  }

  @Test
  void anAgentReportingAHigherAppliedVersionGetsAHigherOne() throws IOException {
    long fromAnotherSidecar = T0.toEpochMilli() + 60_000;

    DesiredState state = control().poll(report("orders", "i-1", 7, fromAnotherSidecar, "orders-*"));

    assertThat(state.version()).isEqualTo(fromAnotherSidecar + 1);
  }

  @Test
  void pinningTheSameSizesTwiceJournalsOnce() throws IOException {
    assertThat(control().pin("orders", "orders-*", new PoolSizes(2, 4), "a")).isTrue();
    assertThat(control().pin("orders", "orders-*", new PoolSizes(2, 4), "b")).isFalse();

    assertThat(journalLines()).hasSize(1);
  }

  @Test
  void everyIssuedVersionIsJournaledWithWhatChanged() throws IOException {
    DesiredState first = control().poll(report("orders", "i-1", 1, 0, "orders-*"));
    control().pin("orders", "orders-*", new PoolSizes(6, 16), "test");
    control().poll(report("orders", "i-1", 2, first.version(), "orders-*"));

    JournalEntry.Issued latest = (JournalEntry.Issued) control().recentDecisions(1).get(0);

    assertThat(latest.reason()).isEqualTo("orders-*: application's sizes -> core 6, max 16");
    assertThat(latest.desired()).containsExactly(new DesiredPool("orders-*", 6, 16));
  }

  @Test
  void forgetsInstancesThatStoppedReportingOnce() throws IOException {
    control().poll(report("orders", "i-1", 1, 0, "orders-*"));
    clock.advance(Duration.ofSeconds(90));
    control().poll(report("orders", "i-2", 1, 0, "orders-*"));
    clock.advance(Duration.ofSeconds(60));

    assertThat(control().expire(Duration.ofMinutes(2)))
        .singleElement()
        .satisfies(
            gone -> {
              assertThat(gone.key()).isEqualTo(I1);
              assertThat(gone.silentFor()).isEqualTo(Duration.ofSeconds(150));
              assertThat(gone.pools()).isEqualTo(1);
            });
    assertThat(control().expire(Duration.ofMinutes(2))).isEmpty();
    assertThat(fixture.model.agent(I1)).isEmpty();
    assertThat(control().lastIssued(I1)).isEmpty();
    assertThat(control().lastIssued(new InstanceKey("orders", "i-2"))).isPresent();
  }

  private List<String> journalLines() throws IOException {
    return Files.readAllLines(dir.resolve(Journal.FILE_NAME));
  }
}
