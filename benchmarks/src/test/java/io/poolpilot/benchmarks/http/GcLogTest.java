package io.poolpilot.benchmarks.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GcLogTest {
  /** Lines as JDK 17's and 25's serial collector write them with {@code -Xlog:gc}. */
  private static final String YOUNG =
      "[1.079s][info][gc] GC(39) Pause Young (Allocation Failure) 12M->3M(30M) 0.064ms\n";

  private static final String FULL =
      "[1.086s][info][gc] GC(42) Pause Full (System.gc()) 5M->3M(30M) 263.790ms\n";

  private static final String OTHER =
      "[0.004s][info][gc] Using Serial\n[2.0s][info][gc] GC(7) Concurrent Mark 3.1ms\n";

  @Test
  void countsPausesTheLongestAndTheFullOnesAndSkipsOtherLines() {
    GcLog.Pauses pauses = GcLog.parse(OTHER + YOUNG + FULL + YOUNG);

    assertThat(pauses).isEqualTo(new GcLog.Pauses(3, 263.79, 1));
    assertThat(pauses.cell()).isEqualTo("3 / 263.8 / 1");
  }

  @Test
  void eachMarkCountsOnlyWhatWasWrittenSinceTheLastAndLeavesAHalfWrittenLineForLater(
      @TempDir Path dir) throws IOException {
    Path file = dir.resolve("gc.log");
    GcLog log = new GcLog(file);
    assertThat(log.pausesSinceMark()).isEqualTo(GcLog.Pauses.NONE);

    append(file, YOUNG + YOUNG);
    assertThat(log.pausesSinceMark().count()).isEqualTo(2);

    String full = FULL;
    append(file, full.substring(0, 40));
    assertThat(log.pausesSinceMark()).isEqualTo(GcLog.Pauses.NONE);

    append(file, full.substring(40) + YOUNG);
    assertThat(log.pausesSinceMark()).isEqualTo(new GcLog.Pauses(2, 263.79, 1));
    assertThat(log.pausesSinceMark()).isEqualTo(GcLog.Pauses.NONE);
  }

  @Test
  void theOptionWritesTheFileThatIsRead(@TempDir Path dir) {
    Path file = dir.resolve("gc.log");

    assertThat(new GcLog(file).option()).isEqualTo("-Xlog:gc:file=" + file);
  }

  private static void append(Path file, String text) throws IOException {
    Files.writeString(
        file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
