package io.poolpilot.sidecar.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** Who sent the data, and the bounds that keep one sender from crowding out another. */
class PoolModelSendersTest {

  private static final Instant NOW = Instant.parse("2026-12-07T00:00:00Z");
  private static final long NOW_NANOS = NOW.toEpochMilli() * 1_000_000L;
  private static final long SECOND = 1_000_000_000L;
  private static final InstanceKey AGENT = new InstanceKey("orders", "i-1");

  private final MutableClock clock = new MutableClock(NOW);
  private final List<InstanceKey> readingsFor = new ArrayList<>();
  private final PoolModel model =
      new PoolModel(clock, new ModelLimits(3, 2, 5, 2, 3, Duration.ofMinutes(5)));

  PoolModelSendersTest() {
    model.onReading(readingsFor::add);
  }

  @Test
  void anAgentsProcessTakesNoDataFromAnyoneElse() {
    assertThat(record("orders", "i-1", "http-*", NOW_NANOS, 4, Sender.AGENT)).isEmpty();

    Optional<String> forged =
        record("orders", "i-1", "http-*", NOW_NANOS + SECOND, 1, Sender.UNVERIFIED);

    assertThat(forged).hasValueSatisfying(why -> assertThat(why).contains("belongs to its"));
    assertThat(model.snapshots()).singleElement().satisfies(p -> assertThat(p.core()).hasValue(4));
    assertThat(model.readings(AGENT).get("http-*").timeUnixNano()).isEqualTo(NOW_NANOS);
  }

  @Test
  void whatOthersSentInAnAgentsNameBeforeItArrivedIsDroppedAndNeverReadByTheLoop() {
    record("orders", "i-1", "forged-*", NOW_NANOS + SECOND, 1, Sender.UNVERIFIED);
    assertThat(model.readings(AGENT)).as("unverified data is shown, never read").isEmpty();
    assertThat(readingsFor).isEmpty();

    record("orders", "i-1", "http-*", NOW_NANOS, 4, Sender.AGENT);

    assertThat(model.snapshots()).extracting(p -> p.key().pool()).containsExactly("http-*");
    assertThat(model.readings(AGENT)).containsOnlyKeys("http-*");
    assertThat(readingsFor).containsExactly(AGENT);
    assertThat(model.instances())
        .singleElement()
        .satisfies(i -> assertThat(i.sender()).isEqualTo(Sender.AGENT));
  }

  @Test
  void aProcessReportsAtMostItsShareOfPools() {
    for (int i = 0; i < 3; i++) {
      assertThat(record("orders", "i-1", "p" + i, NOW_NANOS, 1, Sender.AGENT)).isEmpty();
    }

    assertThat(record("orders", "i-1", "p3", NOW_NANOS, 1, Sender.AGENT))
        .hasValue("pool p3 of orders/i-1 not recorded: a process may report at most 3 pools");
    assertThat(record("orders", "i-2", "p0", NOW_NANOS, 1, Sender.AGENT))
        .as("another process still has its own share")
        .isEmpty();
  }

  @Test
  void unverifiedSendersFillOnlyTheirOwnShareAndNeverAnAgents() {
    record("tool", "u-1", "p", NOW_NANOS, 1, Sender.UNVERIFIED);
    record("tool", "u-2", "p", NOW_NANOS, 1, Sender.UNVERIFIED);

    assertThat(record("tool", "u-3", "p", NOW_NANOS, 1, Sender.UNVERIFIED))
        .hasValueSatisfying(
            why -> assertThat(why).contains("at most 2 processes without a PoolPilot agent"));
    assertThat(record("orders", "i-1", "http-*", NOW_NANOS, 4, Sender.AGENT)).isEmpty();
  }

  @Test
  void newUnverifiedProcessesAreAdmittedAtABoundedRate() {
    // The share is 2 processes, the rate 3 a minute: expiring two lets one more in, not two.
    record("tool", "u-1", "p", NOW_NANOS, 1, Sender.UNVERIFIED);
    record("tool", "u-2", "p", NOW_NANOS, 1, Sender.UNVERIFIED);
    clock.advance(Duration.ofSeconds(10));
    model.heard(AGENT, "", Sender.AGENT);
    clock.advance(Duration.ofSeconds(5));
    model.expire(Duration.ofSeconds(5));

    assertThat(record("tool", "u-3", "p", NOW_NANOS, 1, Sender.UNVERIFIED)).isEmpty();
    assertThat(record("tool", "u-4", "p", NOW_NANOS, 1, Sender.UNVERIFIED))
        .hasValueSatisfying(why -> assertThat(why).contains("3 new processes"));
    clock.advance(Duration.ofMinutes(1));
    assertThat(record("tool", "u-4", "p", NOW_NANOS, 1, Sender.UNVERIFIED)).isEmpty();
  }

  @Test
  void aServiceHasAtMostItsShareOfAgentProcesses() {
    model.heard(new InstanceKey("orders", "i-1"), "", Sender.AGENT);
    model.heard(new InstanceKey("orders", "i-2"), "", Sender.AGENT);

    assertThat(model.heard(new InstanceKey("orders", "i-3"), "", Sender.AGENT))
        .hasValueSatisfying(why -> assertThat(why).contains("at most 2 processes of one service"));
    assertThat(model.heard(new InstanceKey("billing", "j-1"), "", Sender.AGENT)).isEmpty();
  }

  @Test
  void aPointFarAheadOfTheClockIsRefusedAndCannotHoldTrueReadingsBack() {
    Optional<String> ahead =
        record("orders", "i-1", "http-*", NOW_NANOS + 3600 * SECOND, 1, Sender.AGENT);

    assertThat(ahead).hasValueSatisfying(why -> assertThat(why).contains("3600 s ahead"));
    assertThat(record("orders", "i-1", "http-*", NOW_NANOS, 4, Sender.AGENT)).isEmpty();
    assertThat(model.readings(AGENT).get("http-*").timeUnixNano()).isEqualTo(NOW_NANOS);
    assertThat(record("orders", "i-1", "http-*", NOW_NANOS + 60 * SECOND, 5, Sender.AGENT))
        .as("a clock a minute ahead is within bounds")
        .isEmpty();
  }

  @Test
  void anExpiredAgentProcessFreesItsPlace() {
    model.heard(new InstanceKey("orders", "i-1"), "", Sender.AGENT);
    model.heard(new InstanceKey("orders", "i-2"), "", Sender.AGENT);
    clock.advance(Duration.ofMinutes(3));

    model.expire(Duration.ofMinutes(2));

    assertThat(model.heard(new InstanceKey("orders", "i-3"), "", Sender.AGENT)).isEmpty();
  }

  @Test
  void anExpiredProcessTakesItsPoolsStateWithIt() {
    PoolKey pool = new PoolKey("orders", "i-1", "io");
    model.record(completed(pool, NOW_NANOS, 500));
    model.record(completed(pool, NOW_NANOS + SECOND, 600));
    clock.advance(Duration.ofMinutes(3));

    assertThat(model.expire(Duration.ofMinutes(2))).hasSize(1);
    assertThat(model.readings(AGENT)).isEmpty();
    assertThat(model.snapshots()).isEmpty();

    // Back under the same id, with a lower count of the same series: nothing of the old state is
    // left to take a difference from, so this is a first reading without a rate.
    long later = NOW_NANOS + Duration.ofMinutes(3).toNanos();
    model.record(completed(pool, later, 40));
    assertThat(model.snapshots())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.completed()).hasValue(40);
              assertThat(s.completedRate()).isEmpty();
            });
    assertThat(model.readings(AGENT).get("io").completed().count()).isEqualTo(40);
  }

  private static PoolReport completed(PoolKey key, long time, double count) {
    return new PoolReport(
        key,
        time,
        Map.of(),
        Map.of(
            PoolValue.COMPLETED,
            new CounterPoint(Temporality.CUMULATIVE, NOW_NANOS - SECOND, time, count)),
        Optional.empty());
  }

  private Optional<String> record(
      String service, String instance, String pool, long time, int core, Sender sender) {
    return model.record(
        new PoolReport(
            new PoolKey(service, instance, pool),
            time,
            Map.of(PoolValue.CORE, (double) core),
            Optional.empty()),
        OptionalDouble.empty(),
        sender);
  }
}
