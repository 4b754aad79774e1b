package io.poolpilot.systemtests;

import io.poolpilot.systemtests.Processes.Running;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * The sidecar's shaded jar running as its own process, and where it listens.
 *
 * @param otlp the agent-facing base URL
 * @param api the API's base URL
 */
record SidecarProcess(Running process, String otlp, String api, int otlpPort, int apiPort) {
  static final String JAVA = System.getProperty("poolpilot.it.java");

  /** Starts a sidecar on the given ports (0: any free one) with {@code extra} flags. */
  static SidecarProcess start(
      Processes processes, Path dataDir, String token, int otlpPort, int apiPort, String... extra)
      throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                JAVA,
                "-jar",
                System.getProperty("poolpilot.sidecar.jar"),
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
    command.addAll(List.of(extra));
    Running process = processes.start("sidecar", command);
    Matcher m =
        process.awaitLine("^poolpilot-sidecar listening: otlp=(\\S+:(\\d+)) api=(\\S+:(\\d+))");
    return new SidecarProcess(
        process,
        m.group(1),
        m.group(3),
        Integer.parseInt(m.group(2)),
        Integer.parseInt(m.group(4)));
  }
}
