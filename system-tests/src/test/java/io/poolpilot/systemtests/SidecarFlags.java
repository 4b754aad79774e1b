package io.poolpilot.systemtests;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The flags the system tests start the sidecar with, and how long they wait on a process. */
final class SidecarFlags {
  static final Duration PATIENCE = Duration.ofSeconds(60);

  private SidecarFlags() {}

  /** A sidecar on the given ports (0: any free one) with {@code extra} flags. */
  static List<String> of(Path dataDir, String token, int otlpPort, int apiPort, String... extra) {
    List<String> flags =
        new ArrayList<>(
            List.of(
                "--otlp-port",
                String.valueOf(otlpPort),
                "--api-port",
                String.valueOf(apiPort),
                "--data-dir",
                dataDir.toString(),
                "--token",
                token,
                "--instance-expiry",
                "30s"));
    flags.addAll(List.of(extra));
    return flags;
  }
}
