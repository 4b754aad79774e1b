package io.poolpilot.agent.it;

import io.poolpilot.testsupport.JvmLauncher;
import io.poolpilot.testsupport.LaunchedJvm;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * What an application prints and how it exits without any agent: what it must still do with one.
 */
record Baseline(List<String> stdout, List<String> stderr, int exitCode) {

  static Baseline of(Class<?> mainClass, String... appArgs) throws IOException {
    try (LaunchedJvm jvm =
        JvmLauncher.underAgent(mainClass).withoutAgent().appArgs(appArgs).start()) {
      int exitCode = jvm.awaitExit(Duration.ofSeconds(60));
      return new Baseline(jvm.stdout(), jvm.stderr(), exitCode);
    }
  }
}
