package io.poolpilot.benchmarks.tuner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResizesTest {
  /** A tune entry as the sidecar writes it for an unbounded-queue pool: the maximum stays 16. */
  private static String tune(String at, String pool, int fromCore, int core, boolean applied) {
    return "{\"at\":\""
        + at
        + "\",\"type\":\"tune\",\"service\":\"svc\",\"instance\":\"i\",\"pool\":\""
        + pool
        + "\",\"action\":\"GROW\",\"fromCore\":"
        + fromCore
        + ",\"fromMax\":16,\"core\":"
        + core
        + ",\"max\":"
        + core
        + ",\"applied\":"
        + applied
        + ",\"capacity\":\"\",\"reason\":\"r\"}";
  }

  @Test
  void countsAResizeOppositeToThePreviousOneAsAReversal() {
    List<String> journal =
        List.of(
            tune("2026-12-07T10:00:01Z", "requests-*", 16, 8, true),
            tune("2026-12-07T10:00:02Z", "requests-*", 8, 4, true),
            tune("2026-12-07T10:00:03Z", "requests-*", 4, 6, true),
            tune("2026-12-07T10:00:04Z", "requests-*", 6, 6, true),
            tune("2026-12-07T10:00:05Z", "requests-*", 6, 3, true));

    List<Resizes.Resize> resizes = Resizes.parse(journal, "svc", "requests-*");

    assertThat(resizes).hasSize(4);
    assertThat(Resizes.reversals(resizes))
        .containsExactly(
            Instant.parse("2026-12-07T10:00:03Z"), Instant.parse("2026-12-07T10:00:05Z"));
  }

  @Test
  void judgesEachResizeAgainstTheSizeSetBeforeNotTheSizeLastReported() {
    List<String> journal =
        List.of(
            tune("2026-12-07T10:00:01Z", "requests-*", 16, 8, true),
            tune("2026-12-07T10:00:02Z", "requests-*", 16, 12, true));

    List<Resizes.Resize> resizes = Resizes.parse(journal, "svc", "requests-*");

    assertThat(resizes).extracting(Resizes.Resize::direction).containsExactly(-1, 1);
    assertThat(Resizes.reversals(resizes)).hasSize(1);
  }

  @Test
  void ignoresOtherPoolsOtherServicesAndDecisionsNotApplied() {
    List<String> journal =
        List.of(
            tune("2026-12-07T10:00:01Z", "other-*", 16, 8, true),
            tune("2026-12-07T10:00:02Z", "requests-*", 8, 4, false),
            tune("2026-12-07T10:00:03Z", "requests-*", 4, 6, true).replace("svc", "else"),
            "{\"at\":\"2026-12-07T10:00:04Z\",\"type\":\"pin\",\"service\":\"svc\"}");

    assertThat(Resizes.parse(journal, "svc", "requests-*")).isEmpty();
  }

  @Test
  void thePoolSizeAtAnInstantIsTheLastResizeBeforeIt() {
    List<Resizes.Resize> resizes =
        List.of(
            new Resizes.Resize(Instant.parse("2026-12-07T10:00:01Z"), 16, 8),
            new Resizes.Resize(Instant.parse("2026-12-07T10:00:05Z"), 8, 4));

    assertThat(Resizes.sizeAt(resizes, Instant.parse("2026-12-07T10:00:00Z"), 16)).isEqualTo(16);
    assertThat(Resizes.sizeAt(resizes, Instant.parse("2026-12-07T10:00:03Z"), 16)).isEqualTo(8);
    assertThat(Resizes.sizeAt(resizes, Instant.parse("2026-12-07T10:00:09Z"), 16)).isEqualTo(4);
  }
}
