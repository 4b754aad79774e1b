package io.poolpilot.sidecar.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.sidecar.capacity.DemandReadings.Reading;
import io.poolpilot.sidecar.model.InstanceKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemandReadingsTest {

  private static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");
  private static final InstanceKey A1 = new InstanceKey("a", "a-1");
  private static final InstanceKey A2 = new InstanceKey("a", "a-2");
  private static final InstanceKey B1 = new InstanceKey("b", "b-1");

  private final DemandReadings readings = new DemandReadings(Duration.ofSeconds(10));

  private static Reading reading(Instant at, double ratio) {
    return new Reading(at, ratio, false, "");
  }

  @Test
  void anInstancesRatioIsItsHighestPoolAndFollowsEachNewReading() {
    readings.record(A1, "http", reading(T0, 0.4), T0);
    readings.record(A1, "db", reading(T0, 1.7), T0);
    assertThat(readings.ratios()).containsExactlyEntriesOf(Map.of(A1, 1.7));

    readings.record(A1, "db", reading(T0.plusSeconds(1), 0.2), T0.plusSeconds(1));

    assertThat(readings.ratios()).containsExactlyEntriesOf(Map.of(A1, 0.4));
  }

  @Test
  void aServiceSeesOnlyItsOwnFreshInstances() {
    readings.record(A1, "http", reading(T0, 0.5), T0);
    readings.record(A2, "http", reading(T0.plusSeconds(8), 1.5), T0.plusSeconds(8));
    readings.record(B1, "http", reading(T0.plusSeconds(8), 3.0), T0.plusSeconds(8));

    DemandReadings.ServiceDemand a = readings.service("a", T0.plusSeconds(12));

    assertThat(a.ratios()).containsExactlyEntriesOf(Map.of(A2, 1.5));
    assertThat(a.cannotHelpEvidence()).isEmpty();
    assertThat(readings.ratios()).containsOnlyKeys(A2, B1);
  }

  @Test
  void staleReadingsLeaveTheRatioAndAnInstanceWithNoneLeavesEntirely() {
    readings.record(A1, "http", reading(T0, 2.0), T0);
    readings.record(A1, "db", reading(T0.plusSeconds(5), 0.3), T0.plusSeconds(5));
    readings.record(B1, "http", reading(T0, 1.0), T0);

    readings.dropStale(T0.plusSeconds(11));

    assertThat(readings.ratios()).containsExactlyEntriesOf(Map.of(A1, 0.3));
    readings.dropStale(T0.plusSeconds(16));
    assertThat(readings.ratios()).isEmpty();
    assertThat(readings.service("a", T0.plusSeconds(16)).ratios()).isEmpty();
  }

  @Test
  void evidenceThatThreadsCannotHelpComesFromAFreshReading() {
    readings.record(A1, "db", new Reading(T0, 2.0, true, "db: downstream saturated"), T0);
    readings.record(A2, "http", reading(T0.plusSeconds(9), 1.0), T0.plusSeconds(9));

    assertThat(readings.service("a", T0.plusSeconds(5)).cannotHelpEvidence())
        .contains("db: downstream saturated");
    assertThat(readings.service("a", T0.plusSeconds(11)).cannotHelpEvidence()).isEmpty();
  }

  @Test
  void aForgottenInstanceIsGoneAtOnce() {
    readings.record(A1, "http", reading(T0, 2.0), T0);
    readings.record(A2, "http", reading(T0, 1.0), T0);

    readings.forget(A1);

    assertThat(readings.ratios()).containsOnlyKeys(A2);
    assertThat(readings.service("a", T0).ratios()).containsOnlyKeys(A2);
  }
}
