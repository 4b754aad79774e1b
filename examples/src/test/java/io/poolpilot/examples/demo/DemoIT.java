package io.poolpilot.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.poolpilot.testsupport.FailsafeProperties;
import io.poolpilot.testsupport.JvmLauncher;
import io.poolpilot.testsupport.LaunchedJvm;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The demo as README runs it, short: it must end with a sane {@code demo-summary:} line and leave
 * no process behind, also when it is stopped half-way (what Ctrl-C does). It does not assert the
 * tuning results: those depend on the machine, and the report of a full run states them.
 */
class DemoIT {
  private static final Pattern STARTED = Pattern.compile("^demo: started (\\S+) \\(pid (\\d+)\\)");
  private static final Pattern LOGS = Pattern.compile("\\(logs in (\\S+)\\)");
  private static final Pattern SUMMARY =
      Pattern.compile(
          "^demo-summary: b_p99_before_ms=(\\S+) b_p99_after_ms=(\\S+) a_threads_before=(\\d+)"
              + " a_threads_after=(\\d+) capacity_requests=(\\d+) b_surge_errors=(\\d+)"
              + " b_surge_p99_ms=(\\S+) a_surge_ok_per_s=(\\S+)$");

  private LaunchedJvm demo;

  @AfterEach
  void stopDemo() {
    if (demo != null) {
      demo.close();
    }
  }

  @Test
  void shortRunPrintsTheSummaryAndStopsEverything() throws Exception {
    demo = startDemo("--duration", "60");

    assertThat(demo.awaitExit(Duration.ofMinutes(6))).as("exit status\n%s", demo.report()).isZero();
    List<String> output = demo.stdout();
    String last = output.get(output.size() - 1);
    Matcher summary = SUMMARY.matcher(last);
    assertThat(summary.matches()).as("last line %s; output: %s", last, output).isTrue();
    double before = Double.parseDouble(summary.group(1));
    double after = Double.parseDouble(summary.group(2));
    assertThat(before).as("b_p99_before_ms").isPositive().isFinite();
    assertThat(after).as("b_p99_after_ms").isPositive().isFinite();
    assertThat(Integer.parseInt(summary.group(3))).as("a_threads_before").isEqualTo(64);
    assertThat(Integer.parseInt(summary.group(4))).as("a_threads_after").isBetween(1, 200);
    assertThat(output).anyMatch(line -> line.contains("before (baseline)"));
    assertThat(output).anyMatch(line -> line.startsWith("The sidecar's page: http://127.0.0.1:"));
    assertThat(startedPids()).hasSize(3);
    assertNoneAlive(startedPids());
    assertThat(logDir()).doesNotExist();
  }

  @Test
  void stoppingTheDemoStopsEverythingItStarted() throws Exception {
    demo = startDemo("--duration", "60");
    demo.awaitStdoutLineStartingWith("demo: phase baseline", Duration.ofMinutes(3));
    List<Long> pids = startedPids();
    assertThat(pids).hasSize(3);

    demo.terminate(); // SIGTERM, which runs the shutdown hooks as Ctrl-C's SIGINT does

    demo.awaitExit(Duration.ofSeconds(60));
    assertNoneAlive(pids);
    assertThat(logDir()).doesNotExist();
  }

  private static LaunchedJvm startDemo(String... args) throws IOException {
    return JvmLauncher.java(FailsafeProperties.java())
        .classPath(FailsafeProperties.path("poolpilot.examples.jar").toString())
        .mainClass(DemoMain.class.getName())
        .appArgs(
            "--agent-jar",
            FailsafeProperties.agentJar().toString(),
            "--sidecar-jar",
            FailsafeProperties.sidecarJar().toString())
        .appArgs(args)
        .mergeStderr()
        .name("demo")
        .start();
  }

  private java.nio.file.Path logDir() {
    for (String line : demo.stdout()) {
      Matcher m = LOGS.matcher(line);
      if (m.find()) {
        return java.nio.file.Path.of(m.group(1));
      }
    }
    throw new AssertionError("no '(logs in DIR)' in " + demo.stdout());
  }

  private List<Long> startedPids() {
    List<Long> pids = new ArrayList<>();
    for (String line : demo.stdout()) {
      Matcher m = STARTED.matcher(line);
      if (m.find()) {
        pids.add(Long.parseLong(m.group(2)));
      }
    }
    return pids;
  }

  private static void assertNoneAlive(List<Long> pids) {
    await()
        .atMost(Duration.ofSeconds(60))
        .alias("processes " + pids + " gone")
        .until(
            () ->
                pids.stream()
                    .allMatch(pid -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)));
  }
}
