package io.poolpilot.benchmarks.tuner;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.testsupport.FailsafeProperties;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real-JVM evaluation's short run, as CI's smoke test: it runs end to end on the shaded jars,
 * prints a well-formed summary of finite numbers, and the tuner really resized the service's pool
 * through the sidecar. The targets are for the full run and docs/tuning.md, not for this test.
 */
class TunerRealEvaluationIT {
  private static final Pattern SUMMARY =
      Pattern.compile(
          "^tuner-real: goodput_vs_best_static=(\\S+) p99_vs_default=(\\S+)"
              + " reversals_per_min=(\\S+)$");

  @TempDir Path workDir;

  @Test
  void theShortRunPrintsAFiniteSummaryAndTheTunerResizesThePool() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    List<RunResult> runs;
    try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
      runs =
          TunerRealEvaluation.run(
              TunerRealEvaluation.Settings.SHORT,
              new RealRun(FailsafeProperties.agentJar(), FailsafeProperties.sidecarJar(), workDir),
              out);
    }
    String output = printed.toString(StandardCharsets.UTF_8);
    List<String> lines = output.lines().toList();
    Matcher summary = SUMMARY.matcher(lines.get(lines.size() - 1));

    assertThat(summary.matches()).as(output).isTrue();
    for (int field = 1; field <= 3; field++) {
      assertThat(Double.parseDouble(summary.group(field))).as(output).isFinite();
    }
    RunResult tuner = runs.stream().filter(run -> run.variant().tuned()).findFirst().orElseThrow();
    assertThat(tuner.resizes()).as("resizes the sidecar applied\n" + output).isPositive();
    assertThat(runs.stream().filter(run -> !run.variant().tuned()))
        .as("static sizes stay put")
        .allSatisfy(run -> assertThat(run.resizes()).isZero());
  }
}
