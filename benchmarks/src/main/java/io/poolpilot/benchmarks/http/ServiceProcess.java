package io.poolpilot.benchmarks.http;

import static org.awaitility.Awaitility.await;

import io.poolpilot.testsupport.JvmLauncher;
import io.poolpilot.testsupport.LaunchedJvm;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A JVM the benchmark launched: an {@link AppUnderTest} under one agent variant, or the {@link
 * OtlpSink}. Launching waits until the process has its port and, for a service, until it has
 * answered its first request with 200; the time from launch to that answer is the start-up time.
 * The process's CPU time, memory and threads are read from {@code /proc} by pid, from outside.
 */
final class ServiceProcess implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STOP_GRACE = Duration.ofSeconds(20);

  /** How often to try the first request: the resolution of the start-up time. */
  private static final Duration FIRST_ANSWER_POLL = Duration.ofMillis(1);

  private static final ProcStat PROC = ProcStat.ofThisMachine();

  private final LaunchedJvm process;
  private final int port;
  private final double startupMillis;
  private final double startupCpuMillis;

  private ServiceProcess(
      LaunchedJvm process, int port, double startupMillis, double startupCpuMillis) {
    this.process = process;
    this.port = port;
    this.startupMillis = startupMillis;
    this.startupCpuMillis = startupCpuMillis;
  }

  /**
   * Starts {@code app} with {@code jvmArgs}, after the {@code prefix} commands (scheduling,
   * pinning; see {@link LaunchPrefix}), its stderr appended to {@code stderr}; waits for its port
   * (given to it, or printed by it) and, if it has a {@link AppUnderTest#firstRequest()}, for the
   * first 200 answer to that.
   */
  static ServiceProcess launch(
      List<String> prefix, List<String> jvmArgs, AppUnderTest app, Path stderr) throws IOException {
    int givenPort = app.takesPort() ? AppUnderTest.freePort() : 0;
    JvmLauncher launcher = app.launcher(prefix, jvmArgs, givenPort).stderrTo(stderr);
    long start = System.nanoTime();
    LaunchedJvm process = launcher.start();
    try {
      int port =
          app.takesPort()
              ? givenPort
              : Integer.parseInt(
                  process.awaitStdoutLineStartingWith("port=", START_TIMEOUT).trim());
      if (app.firstRequest() != null) {
        Duration left = START_TIMEOUT.minusNanos(System.nanoTime() - start);
        awaitFirstAnswer(process, port, app.firstRequest(), left, stderr);
      }
      double wallMillis = (System.nanoTime() - start) / 1e6;
      double cpuMillis = PROC.cpuNanos(process.pid()) / 1e6;
      return new ServiceProcess(process, port, wallMillis, cpuMillis);
    } catch (RuntimeException | Error e) {
      process.close();
      throw e;
    }
  }

  private static void awaitFirstAnswer(
      LaunchedJvm process, int port, String path, Duration within, Path stderr) {
    byte[] request = HttpConnection.get(port, path);
    await()
        .atMost(within)
        .pollDelay(Duration.ZERO)
        .pollInterval(FIRST_ANSWER_POLL)
        .alias("a 200 answer to " + path + " from port " + port + "; see " + stderr)
        .until(() -> answers200(port, request) || !process.isAlive());
    if (!process.isAlive()) {
      throw new IllegalStateException(
          "service exited with "
              + process.awaitExit(Duration.ZERO)
              + " before answering; see "
              + stderr);
    }
  }

  private static boolean answers200(int port, byte[] request) {
    try (HttpConnection connection = new HttpConnection(port)) {
      return connection.exchange(request) == 200;
    } catch (IOException notYet) {
      return false;
    }
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  double startupMillis() {
    return startupMillis;
  }

  /**
   * CPU time of the whole process (user + system, all threads, from {@code /proc/<pid>/stat}) when
   * it was ready: steadier than the wall time on a shared machine, where a start that keeps both
   * cores busy waits for whatever else runs.
   */
  double startupCpuMillis() {
    return startupCpuMillis;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGTERM, then SIGKILL for the service and what it started if it lingers past the grace. */
  @Override
  public void close() {
    process.stop(STOP_GRACE);
    process.close();
  }
}
