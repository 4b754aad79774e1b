package io.poolpilot.testsupport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The flags the system tests and the real-JVM tuner evaluation start the sidecar with, and how long
 * they wait on a process.
 */
public final class SidecarFlags {
  public static final Duration PATIENCE = Duration.ofSeconds(60);

  private SidecarFlags() {}

  /** A sidecar on the given ports (0: any free one) with {@code token} and {@code extra} flags. */
  public static List<String> of(
      Path dataDir, String token, int otlpPort, int apiPort, String... extra) {
    List<String> flags = withoutToken(dataDir, otlpPort, apiPort, "--token", token);
    flags.addAll(List.of(extra));
    return flags;
  }

  /**
   * A sidecar on the given ports with {@code extra} flags and no token flag: for a sidecar that
   * takes its token from the environment, where no other process on the host can read it.
   */
  public static List<String> withoutToken(
      Path dataDir, int otlpPort, int apiPort, String... extra) {
    List<String> flags =
        new ArrayList<>(
            List.of(
                "--otlp-port",
                String.valueOf(otlpPort),
                "--api-port",
                String.valueOf(apiPort),
                "--data-dir",
                dataDir.toString(),
                "--instance-expiry",
                "30s"));
    flags.addAll(List.of(extra));
    return flags;
  }
}
