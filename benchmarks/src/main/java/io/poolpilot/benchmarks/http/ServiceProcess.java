package io.poolpilot.benchmarks.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JVM the benchmark launched: {@link OrderService} under one agent variant, or the {@link
 * OtlpSink}. Launching waits until the process prints {@code port=<n>} and, for a service, until it
 * has answered its first request with 200; the time from {@code ProcessBuilder.start()} to that
 * answer is the start-up time. The process's CPU time, memory and threads are read from {@code
 * /proc} by pid, from outside.
 */
final class ServiceProcess implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private final Process process;
  private final int port;
  private final double startupMillis;

  private ServiceProcess(Process process, int port, double startupMillis) {
    this.process = process;
    this.port = port;
    this.startupMillis = startupMillis;
  }

  /**
   * Starts {@code mainClass} with {@code jvmArgs} on the given class path, after the {@code prefix}
   * commands (scheduling, pinning; see {@link LaunchPrefix}); with {@code firstRequest} (a path
   * such as {@code /orders?customer=1}), also waits for the first 200 answer to it.
   */
  static ServiceProcess launch(
      List<String> prefix,
      List<String> jvmArgs,
      String classPath,
      String mainClass,
      String firstRequest,
      Path stderr)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(prefix);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.addAll(List.of("-cp", classPath, mainClass));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()))
            .redirectInput(ProcessBuilder.Redirect.PIPE);
    long start = System.nanoTime();
    Process process = builder.start();
    long deadline = start + START_TIMEOUT.toNanos();
    try {
      int port = readPort(process, deadline);
      if (firstRequest != null) {
        awaitFirstAnswer(process, port, firstRequest, deadline, stderr);
      }
      return new ServiceProcess(process, port, (System.nanoTime() - start) / 1e6);
    } catch (IOException | RuntimeException | InterruptedException e) {
      process.destroyForcibly();
      throw e;
    }
  }

  /** Reads {@code port=<n>} from stdout, then drains stdout on a daemon thread. */
  private static int readPort(Process process, long deadline) throws IOException {
    Thread watchdog =
        new Thread(
            () -> {
              try {
                long left = deadline - System.nanoTime();
                if (!process.waitFor(left, TimeUnit.NANOSECONDS)) {
                  process.destroyForcibly();
                }
              } catch (InterruptedException e) {
                // The port came in time.
              }
            },
            "launch-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    InputStream stdout = process.getInputStream();
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(stdout, StandardCharsets.UTF_8));
    try {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.startsWith("port=")) {
          Thread drain = new Thread(() -> drain(reader), "stdout-drain");
          drain.setDaemon(true);
          drain.start();
          return Integer.parseInt(line.substring("port=".length()).trim());
        }
      }
      throw new IOException("process ended without printing its port (see its stderr log)");
    } finally {
      watchdog.interrupt();
    }
  }

  private static void drain(BufferedReader reader) {
    try {
      while (reader.readLine() != null) {
        // Discard: the service has nothing more to say on stdout.
      }
    } catch (IOException e) {
      // The process ended.
    }
  }

  private static void awaitFirstAnswer(
      Process process, int port, String path, long deadline, Path stderr)
      throws IOException, InterruptedException {
    byte[] request = HttpConnection.get(port, path);
    while (true) {
      if (!process.isAlive()) {
        throw new IOException(
            "service exited with " + process.exitValue() + " before answering; see " + stderr);
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("service did not answer 200 within " + START_TIMEOUT);
      }
      try (HttpConnection connection = new HttpConnection(port)) {
        if (connection.exchange(request) == 200) {
          return;
        }
      } catch (IOException notYet) {
        // Not accepting yet: try again.
      }
      Thread.sleep(1);
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

  boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
