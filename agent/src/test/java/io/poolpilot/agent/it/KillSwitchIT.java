package io.poolpilot.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.poolpilot.agent.it.app.PoolsApp;
import io.poolpilot.testsupport.JvmLauncher;
import io.poolpilot.testsupport.LaunchedJvm;
import io.poolpilot.testsupport.OtlpReceiver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code enabled=false}, however it is given, leaves the application as if the agent were absent:
 * no agent class beyond the launcher is loaded, nothing is exported, one line says so.
 */
class KillSwitchIT {
  private static final String INSTALLS_NOTHING =
      "[poolpilot] enabled=false: the agent installs nothing";
  private static final String LAUNCHER = "io.poolpilot.agent.launcher.";
  private static final String APP = PoolsApp.class.getName();
  private static final String TEST_CLASSES = "io.poolpilot.agent.it.";
  private static final Pattern LOADED_CLASS = Pattern.compile("\\]\\s+(\\S+)\\s+source:");

  /** The three places a user can switch the agent off. */
  enum KillSwitch {
    AGENT_ARGUMENT {
      @Override
      JvmLauncher applyTo(JvmLauncher app, String otherArgs) {
        return app.agentArgs("enabled=false," + otherArgs);
      }
    },
    SYSTEM_PROPERTY {
      @Override
      JvmLauncher applyTo(JvmLauncher app, String otherArgs) {
        return app.agentArgs(otherArgs).jvmArgs("-Dpoolpilot.enabled=false");
      }
    },
    ENVIRONMENT_VARIABLE {
      @Override
      JvmLauncher applyTo(JvmLauncher app, String otherArgs) {
        return app.agentArgs(otherArgs).env("POOLPILOT_ENABLED", "false");
      }
    };

    abstract JvmLauncher applyTo(JvmLauncher app, String otherArgs);
  }

  private static Baseline baseline;

  @BeforeAll
  static void runWithoutAgent() throws IOException {
    baseline = Baseline.of(PoolsApp.class, "0");
    assertThat(baseline.exitCode()).isZero();
  }

  @ParameterizedTest
  @EnumSource(KillSwitch.class)
  void installsNothingWhenSwitchedOff(KillSwitch killSwitch) throws IOException {
    Path classLog = Files.createTempFile("poolpilot-kill-switch-", ".log");
    try (OtlpReceiver receiver = OtlpReceiver.start();
        LaunchedJvm app =
            killSwitch
                .applyTo(
                    JvmLauncher.underAgent(PoolsApp.class),
                    "endpoint=" + receiver.endpoint() + ",export.interval=200ms")
                .jvmArgs("-Xlog:class+load=info:file=" + classLog)
                .start()) {
      app.awaitStdoutLine("workload done", Duration.ofSeconds(60));
      await()
          .during(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(5))
          .alias("no request during ten export intervals")
          .until(() -> receiver.requests().isEmpty());

      app.sendLine("stop");
      assertThat(app.awaitExit(Duration.ofSeconds(30))).as(app::report).isZero();
      assertThat(app.stdout()).as(app::report).isEqualTo(baseline.stdout());
      assertThat(app.agentLines()).as(app::report).containsExactly(INSTALLS_NOTHING);
      assertThat(app.otherStderr()).as(app::report).isEqualTo(baseline.stderr());
      List<String> loaded = classesLoaded(classLog);
      assertThat(loaded)
          .as("the class-load log is read")
          .contains(APP, LAUNCHER + "PoolPilotAgent");
      assertThat(loaded)
          .filteredOn(name -> !name.startsWith(TEST_CLASSES))
          .as("agent classes loaded besides the launcher")
          .noneMatch(name -> name.startsWith("io.poolpilot.agent.") && !name.startsWith(LAUNCHER))
          .noneMatch(name -> name.contains("bytebuddy") || name.contains("opentelemetry"));
    } finally {
      Files.deleteIfExists(classLog);
    }
  }

  /** Every class the JVM loaded. */
  private static List<String> classesLoaded(Path classLog) throws IOException {
    return Files.readAllLines(classLog).stream()
        .map(LOADED_CLASS::matcher)
        .filter(Matcher::find)
        .map(m -> m.group(1))
        .toList();
  }
}
