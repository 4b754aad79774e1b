package io.poolpilot.testsupport;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/**
 * The sidecar's shaded jar running as a process of its own, once it has said where it listens.
 *
 * @param jvm the process, with its output (stderr merged into stdout)
 * @param otlp the agent-facing base URL, such as {@code http://127.0.0.1:4318}
 * @param api the API's base URL
 * @param details the rest of the listening line after the two addresses, such as {@code
 *     journal=/data/journal.jsonl token=configured}
 */
public record SidecarJvm(LaunchedJvm jvm, String otlp, String api, String details)
    implements AutoCloseable {

  /** The line the sidecar prints once both its servers listen. */
  public static final Pattern LISTENING =
      Pattern.compile("^poolpilot-sidecar listening: otlp=(\\S+) api=(\\S+) ?(.*)$");

  /**
   * Starts {@code java -jar <sidecar jar> <flags>} with the java and the jar failsafe names, and
   * waits up to {@code within} for its listening line.
   */
  public static SidecarJvm start(List<String> flags, Duration within) throws IOException {
    return start(
        JvmLauncher.java(FailsafeProperties.java())
            .jar(FailsafeProperties.sidecarJar())
            .appArgs(flags)
            .name("sidecar"),
        within);
  }

  /** Starts the sidecar {@code launcher} describes and waits for its listening line. */
  public static SidecarJvm start(JvmLauncher launcher, Duration within) throws IOException {
    LaunchedJvm jvm = launcher.mergeStderr().start();
    try {
      MatchResult listening = jvm.awaitStdoutLineMatching(LISTENING, within);
      return new SidecarJvm(jvm, listening.group(1), listening.group(2), listening.group(3));
    } catch (RuntimeException | Error e) {
      jvm.close();
      throw e;
    }
  }

  public int otlpPort() {
    return URI.create(otlp).getPort();
  }

  public int apiPort() {
    return URI.create(api).getPort();
  }

  /** Kills the sidecar with SIGKILL, as a crash would, and waits for it to be gone. */
  public void kill() {
    jvm.kill();
  }

  @Override
  public void close() {
    jvm.close();
  }
}
