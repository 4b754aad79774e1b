package io.poolpilot.benchmarks.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NativeMemoryTest {
  @Test
  void readsTheCommittedTotalOfAnNmtSummaryInMebibytes() {
    String summary =
        "11028:\n\nNative Memory Tracking:\n\n(Omitting categories weighting less than 1KB)\n\n"
            + "Total: reserved=1782476KB, committed=471380KB\n"
            + "       malloc: 42940KB #666124\n"
            + "-                 Java Heap (reserved=262144KB, committed=262144KB)\n";

    assertThat(NativeMemory.committedMibOf(summary)).isEqualTo(471_380 / 1024.0);
  }

  @Test
  void givesNaNWhenTheJvmDoesNotTrackNativeMemory() {
    assertThat(NativeMemory.committedMibOf("4242:\nNative memory tracking is not enabled\n"))
        .isNaN();
  }
}
