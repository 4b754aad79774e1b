package io.poolpilot.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The diagnostic must cost and say nothing unless the JVM was started with it switched on. */
class StartupProfileTest {
  @Test
  void isOffUnlessSwitchedOnAndThenRecordsAndPrintsNothing() {
    assertThat(System.getProperty("poolpilot.debug.startup")).isNull();
    assertThat(StartupProfile.ENABLED).isFalse();

    PrintStream stderr = System.err;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      long start = StartupProfile.now();
      StartupProfile.add("stage", start);
      StartupProfile.addWait("waited", 1_000_000_000L);
      StartupProfile.reportEverySecond();
      StartupProfile.report("now");
      assertThat(start).isZero();
    } finally {
      System.setErr(stderr);
    }
    assertThat(printed.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(thread -> thread.getName().equals("poolpilot-profile"));
  }
}
