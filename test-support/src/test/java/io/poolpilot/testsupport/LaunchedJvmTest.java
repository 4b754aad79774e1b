package io.poolpilot.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaunchedJvmTest {
  private static final Duration WITHIN = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void passesPropertiesEnvironmentAndStdinAndKeepsStdoutAndStderrApart() throws Exception {
    try (LaunchedJvm jvm =
        app("echo").systemProperty("test.property", "p-1").env("TEST_VARIABLE", "v-1").start()) {
      jvm.awaitStdoutLine("env v-1", WITHIN);
      jvm.sendLine("hello");
      jvm.sendLine("stop");

      assertThat(jvm.awaitExit(WITHIN)).isEqualTo(3);
      assertThat(jvm.stdout()).containsExactly("property p-1", "env v-1", "got hello");
      assertThat(jvm.stderr()).containsExactly("a line on stderr");
      assertThat(jvm.otherStderr()).containsExactly("a line on stderr");
      assertThat(jvm.agentLines()).isEmpty();
    }
  }

  @Test
  void mergedStderrArrivesInStdoutInTheOrderWritten() throws Exception {
    try (LaunchedJvm jvm = app("interleave").mergeStderr().start()) {
      assertThat(jvm.awaitExit(WITHIN)).isZero();
      assertThat(jvm.stdout())
          .containsExactly("first on stdout", "then on stderr", "last on stdout");
      assertThat(jvm.stderr()).isEmpty();
    }
  }

  @Test
  void stderrSentToAFileIsAppendedThere() throws Exception {
    Path file = dir.resolve("app.stderr");
    Files.writeString(file, "earlier\n");
    try (LaunchedJvm jvm = app("echo").stderrTo(file).start()) {
      jvm.sendLine("stop");
      assertThat(jvm.awaitExit(WITHIN)).isEqualTo(3);
      assertThat(jvm.stderr()).isEmpty();
      assertThat(Files.readAllLines(file)).containsExactly("earlier", "a line on stderr");
      assertThat(jvm.report()).contains("(appended to " + file + ")");
    }
  }

  @Test
  void aWaitForALineFailsAsSoonAsTheOutputEndsWithout() throws Exception {
    try (LaunchedJvm jvm = app("silent-exit").start()) {
      // Failing early says so; only a timeout after the full minute would say "within".
      assertThatThrownBy(() -> jvm.awaitStdoutLine("never printed", WITHIN))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("ended its output without a line 'never printed'")
          .hasMessageContaining(LauncherTestApp.class.getName() + " silent-exit");
      assertThat(jvm.awaitExit(WITHIN)).isEqualTo(7);
    }
  }

  @Test
  void aWaitForALineThatNeverComesFailsAfterItsBoundWithTheOutputSoFar() throws Exception {
    try (LaunchedJvm jvm = app("echo").start()) {
      jvm.awaitStdoutLine("env null", WITHIN);

      assertThatThrownBy(() -> jvm.awaitStdoutLine("never printed", Duration.ofMillis(300)))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("no a line 'never printed' from echo within PT0.3S")
          .hasMessageContaining("env null");
      assertThat(jvm.isAlive()).as("still waiting on its stdin").isTrue();
    }
  }

  @Test
  void findsLinesByPatternAndByPrefix() throws Exception {
    try (LaunchedJvm jvm = app("echo").start()) {
      MatchResult match = jvm.awaitStdoutLineMatching(Pattern.compile("^env (\\S+)$"), WITHIN);
      String rest = jvm.awaitStdoutLineStartingWith("property ", WITHIN);
      jvm.sendLine("one");
      jvm.sendLine("two");
      jvm.awaitStdoutLine("got two", WITHIN);

      assertThat(match.group(1)).isEqualTo("null");
      assertThat(rest).isEqualTo("null");
      assertThat(jvm.lastStdoutLineStartingWith("got ")).isEqualTo("got two");
      assertThat(jvm.lastStdoutLineStartingWith("nothing")).isNull();
      assertThat(jvm.stdoutLineAt("got one")).isPresent();
    }
  }

  @Test
  void closeKillsTheJvmAndTheProcessesItStarted() throws Exception {
    LaunchedJvm jvm = app("parent").start();
    ProcessHandle child;
    try {
      long childPid = Long.parseLong(jvm.awaitStdoutLineStartingWith("child ", WITHIN));
      child = ProcessHandle.of(childPid).orElseThrow();
      assertThat(child.isAlive()).isTrue();
    } finally {
      jvm.close();
    }

    assertThat(jvm.isAlive()).isFalse();
    await().atMost(Duration.ofSeconds(30)).until(() -> !child.isAlive());
  }

  @Test
  void terminateRunsTheShutdownHooks() throws Exception {
    try (LaunchedJvm jvm = app("hook").start()) {
      jvm.awaitStdoutLine("ready", WITHIN);

      jvm.terminate();

      assertThat(jvm.awaitExit(WITHIN)).isEqualTo(128 + 15);
      assertThat(jvm.stdout()).containsExactly("ready", "hook ran");
    }
  }

  @Test
  void stopKillsAJvmThatDoesNotExitOnSigtermWithinTheGrace() throws Exception {
    try (LaunchedJvm jvm = app("stubborn").start()) {
      jvm.awaitStdoutLine("ready", WITHIN);

      int exitCode = jvm.stop(Duration.ofMillis(500));

      assertThat(exitCode).as("killed by SIGKILL").isEqualTo(128 + 9);
      assertThat(jvm.isAlive()).isFalse();
    }
  }

  @Test
  void aSidecarIsReadyWithTheAddressesItsListeningLineNames() throws Exception {
    try (SidecarJvm sidecar = SidecarJvm.start(app("sidecar"), WITHIN)) {
      assertThat(sidecar.otlp()).isEqualTo("http://127.0.0.1:4318");
      assertThat(sidecar.api()).isEqualTo("http://127.0.0.1:8080");
      assertThat(sidecar.otlpPort()).isEqualTo(4318);
      assertThat(sidecar.apiPort()).isEqualTo(8080);
      assertThat(sidecar.details()).isEqualTo("journal=/tmp/journal.jsonl token=configured");

      sidecar.kill();

      assertThat(sidecar.jvm().isAlive()).isFalse();
    }
  }

  @Test
  void theCommandPutsEachPartInItsPlace() {
    List<String> command =
        JvmLauncher.java("/jdk/bin/java")
            .commandPrefix(List.of("taskset", "-c", "2"))
            .appArgs("first")
            .mainClass("app.Main")
            .classPath("/classes", "/lib/a.jar")
            .agent(Path.of("/poolpilot-agent.jar"))
            .agentArgs("endpoint=http://127.0.0.1:1")
            .agentBefore(Path.of("/other-agent.jar"))
            .systemProperty("a", "b")
            .jvmArgs("-Xmx64m")
            .command();

    assertThat(command)
        .containsExactly(
            "taskset",
            "-c",
            "2",
            "/jdk/bin/java",
            "-Xmx64m",
            "-Da=b",
            "-javaagent:/other-agent.jar",
            "-javaagent:/poolpilot-agent.jar=endpoint=http://127.0.0.1:1",
            "-cp",
            "/classes:/lib/a.jar",
            "app.Main",
            "first");
    assertThat(JvmLauncher.java("java").jar(Path.of("/app.jar")).appArgs("--flag").command())
        .containsExactly("java", "-jar", "/app.jar", "--flag");
    assertThatThrownBy(() -> JvmLauncher.java("java").command())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exactly one");
  }

  private static JvmLauncher app(String behaviour) throws URISyntaxException {
    Path classes =
        Path.of(LauncherTestApp.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    return JvmLauncher.currentJava()
        .classPath(classes.toString())
        .mainClass(LauncherTestApp.class.getName())
        .appArgs(behaviour)
        .name(behaviour);
  }
}
