package io.poolpilot.sidecar.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.testsupport.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DropReporterTest {

  private static final String UPSTREAM = "http://collector:4318";

  private final MutableClock clock = new MutableClock();
  private final List<String> lines = new ArrayList<>();
  private final DropReporter reporter =
      new DropReporter(UPSTREAM, 16L * 1024 * 1024, Duration.ofMinutes(1), clock, lines::add);

  @Test
  void firstDropSaysWhatToDoAndFurtherDropsWithinTheIntervalSayNothing() {
    reporter.dropped(1, 40 * 1024);
    for (int second = 1; second < 60; second++) {
      clock.advance(Duration.ofSeconds(1));
      reporter.dropped(3, 3000);
    }

    assertThat(lines)
        .containsExactly(
            "forward buffer full: dropped the oldest 1 body (40.0 KiB) of telemetry for upstream"
                + " http://collector:4318. The upstream is slow or unreachable: fix it, or raise"
                + " upstream.buffer (now 16MiB) to ride out longer outages. While drops go on, a"
                + " summary follows at most once per 1 min");
  }

  @Test
  void sustainedDropsWriteOneSummaryPerInterval() {
    reporter.dropped(1, 1000);
    for (int second = 1; second <= 600; second++) {
      clock.advance(Duration.ofSeconds(1));
      reporter.dropped(1, 1000);
    }

    assertThat(lines).hasSize(1 + 10);
    assertThat(lines.get(1))
        .isEqualTo(
            "forward buffer still full: dropped 60 bodies (58.6 KiB) in the last 1 min, 61 in"
                + " total, for upstream http://collector:4318");
    assertThat(lines.get(10)).contains("dropped 60 bodies", "601 in total");
  }

  @Test
  void sparseDropsAreSummarisedWithTheTimeTheyReallyCovered() {
    reporter.dropped(1, 500);
    clock.advance(Duration.ofSeconds(30));
    reporter.dropped(2, 500);
    clock.advance(Duration.ofSeconds(45));
    reporter.dropped(1, 500);

    assertThat(lines).hasSize(2);
    assertThat(lines.get(1))
        .startsWith("forward buffer still full: dropped 3 bodies (1000 bytes) in the last 75 s");
  }

  @Test
  void drainingReportsTheRecoveryOnceWithWhatWasNotYetSummarised() {
    reporter.dropped(1, 1024);
    clock.advance(Duration.ofSeconds(10));
    reporter.dropped(2, 2048);

    reporter.drained();
    reporter.drained();

    assertThat(lines).hasSize(2);
    assertThat(lines.get(1))
        .isEqualTo(
            "forwarding to upstream http://collector:4318 caught up, the buffer is empty again;"
                + " dropped 2 bodies (2.0 KiB) since the last line; 3 dropped in total");
  }

  @Test
  void aDropAfterRecoveryStartsANewEpisodeWithTheAdviceAgain() {
    reporter.dropped(1, 1024);
    reporter.drained();
    clock.advance(Duration.ofSeconds(5));

    reporter.dropped(1, 1024);

    assertThat(lines).hasSize(3);
    assertThat(lines.get(1)).endsWith("caught up, the buffer is empty again; 1 dropped in total");
    assertThat(lines.get(2)).startsWith("forward buffer full: dropped the oldest 1 body");
  }

  @Test
  void drainingWithoutDropsSaysNothing() {
    reporter.drained();
    reporter.dropped(0, 0);

    assertThat(lines).isEmpty();
  }

  @Test
  void sizesReadAsBytesKibibytesOrMebibytes() {
    assertThat(DropReporter.size(1023)).isEqualTo("1023 bytes");
    assertThat(DropReporter.size(1536)).isEqualTo("1.5 KiB");
    assertThat(DropReporter.size(3L * 1024 * 1024 / 2)).isEqualTo("1.5 MiB");
  }
}
