package io.poolpilot.benchmarks.startup;

import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.poolpilot.testsupport.JvmLauncher;
import io.poolpilot.testsupport.LaunchedJvm;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Start-up cost of an agent: the wall time from launching a JVM running {@link HelloServer} to its
 * first HTTP 200, without an agent, with PoolPilot's, with PoolPilot's turned off by its kill
 * switch ({@code enabled=false}: the cost of the {@code -javaagent} jar alone) and, if given, with
 * the OpenTelemetry Java agent. Variants are interleaved (A B C A B C ...), so drift on a shared
 * machine hits all alike; the first round warms the file cache and is not counted. Also recorded at
 * the first 200: the process's CPU time (user + system), resident memory and thread count, since
 * work an agent moves off the main thread does not delay the first request but still costs CPU on a
 * small machine.
 *
 * <p>Settings, as system properties (never {@code poolpilot.*}, which the agent reads as its own):
 * {@code bench.agent} or environment {@code BENCH_AGENT} (required), {@code bench.agentArgs}
 * (default {@code endpoint=http://127.0.0.1:9}, where nothing listens), {@code bench.otelAgent} or
 * {@code BENCH_OTEL_AGENT} (optional), {@code bench.runs} (5), {@code bench.warmupRuns} (1) and
 * {@code bench.logDir} (the services' stderr).
 */
public final class StartupBenchmark {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  private StartupBenchmark() {}

  /** What one launch measured. */
  private record Sample(
      double firstResponseMs, double portPrintedMs, double cpuMs, double rssMb, int threads) {}

  public static void main(String[] args) throws Exception {
    String agent = setting("bench.agent", "BENCH_AGENT");
    if (agent == null || !new File(agent).isFile()) {
      System.err.println(
          "set -Dbench.agent=/path/to/poolpilot-agent.jar (or BENCH_AGENT); got " + agent);
      System.exit(2);
    }
    String agentArgs = System.getProperty("bench.agentArgs", "endpoint=http://127.0.0.1:9");
    String otelAgent = setting("bench.otelAgent", "BENCH_OTEL_AGENT");
    int runs = Integer.getInteger("bench.runs", 5);
    int warmupRuns = Integer.getInteger("bench.warmupRuns", 1);
    Path logDir =
        Path.of(
            System.getProperty(
                "bench.logDir",
                Path.of(System.getProperty("java.io.tmpdir"), "poolpilot-startup").toString()));
    Files.createDirectories(logDir);

    Map<String, List<String>> variants = new LinkedHashMap<>();
    variants.put("none", List.of());
    variants.put(
        "poolpilot", List.of("-javaagent:" + new File(agent).getAbsolutePath() + "=" + agentArgs));
    // The kill switch: what opening the agent jar alone costs, for telling it apart.
    variants.put(
        "poolpilot-off",
        List.of("-javaagent:" + new File(agent).getAbsolutePath() + "=enabled=false"));
    if (otelAgent != null) {
      if (!new File(otelAgent).isFile()) {
        System.err.println("no OpenTelemetry agent at " + otelAgent);
        System.exit(2);
      }
      variants.put(
          "otel",
          List.of(
              "-javaagent:" + new File(otelAgent).getAbsolutePath(),
              "-Dotel.traces.exporter=none",
              "-Dotel.metrics.exporter=none",
              "-Dotel.logs.exporter=none"));
    }

    System.setProperty("http.keepAlive", "false");
    warmUpClient();

    Map<String, List<Sample>> samples = new LinkedHashMap<>();
    System.out.println(
        "| round | variant | first 200 ms | port printed ms | CPU ms | RSS MB | threads |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (int round = 1 - warmupRuns; round <= runs; round++) {
      for (Map.Entry<String, List<String>> variant : variants.entrySet()) {
        Path log = logDir.resolve(variant.getKey() + "-" + round + ".stderr");
        Sample s = launch(variant.getValue(), log);
        System.out.printf(
            Locale.ROOT,
            "| %s | %s | %.0f | %.0f | %.0f | %.1f | %d |%n",
            round < 1 ? "warm-up" : Integer.toString(round),
            variant.getKey(),
            s.firstResponseMs(),
            s.portPrintedMs(),
            s.cpuMs(),
            s.rssMb(),
            s.threads());
        if (round >= 1) {
          samples.computeIfAbsent(variant.getKey(), k -> new ArrayList<>()).add(s);
        }
      }
    }
    printSummary(samples, runs);
    for (String variant : variants.keySet()) {
      Path log = logDir.resolve(variant + "-1.stderr");
      List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
      System.out.printf(
          Locale.ROOT,
          "%nstderr of %s, round 1 (%d lines)%s%n",
          variant,
          lines.size(),
          lines.isEmpty() ? "" : ":");
      lines.stream().limit(5).forEach(l -> System.out.println("    " + l));
    }
  }

  private static Sample launch(List<String> jvmArgs, Path stderr) throws Exception {
    Files.deleteIfExists(stderr);
    JvmLauncher launcher =
        JvmLauncher.currentJava()
            .jvmArgs(jvmArgs)
            .classPath(System.getProperty("java.class.path"))
            .mainClass(HelloServer.class.getName())
            .stderrTo(stderr)
            .name("hello-server");

    long start = System.nanoTime();
    try (LaunchedJvm process = launcher.start()) {
      int port = Integer.parseInt(process.awaitStdoutLineStartingWith("port=", TIMEOUT).trim());
      long portPrinted = System.nanoTime();
      await()
          .atMost(TIMEOUT)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(1))
          .until(() -> answers200(port) || !process.isAlive());
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "service exited with " + process.awaitExit(Duration.ZERO) + "; see " + stderr);
      }
      long firstResponse = System.nanoTime();
      double cpuMs =
          ProcessHandle.of(process.pid())
              .flatMap(handle -> handle.info().totalCpuDuration())
              .map(d -> d.toNanos() / 1e6)
              .orElse(Double.NaN);
      Map<String, String> status = procStatus(process.pid());
      Sample sample =
          new Sample(
              (firstResponse - start) / 1e6,
              (portPrinted - start) / 1e6,
              cpuMs,
              kilobytes(status.get("VmRSS")) / 1024.0,
              Integer.parseInt(status.getOrDefault("Threads", "-1").trim()));
      process.stop(Duration.ofSeconds(20));
      return sample;
    }
  }

  private static boolean answers200(int port) {
    try {
      return get(port) == 200;
    } catch (IOException notYet) {
      return false;
    }
  }

  private static int get(int port) throws IOException {
    HttpURLConnection connection =
        (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/").openConnection();
    connection.setConnectTimeout(1_000);
    connection.setReadTimeout((int) TIMEOUT.toMillis());
    try {
      int code = connection.getResponseCode();
      try (InputStream body = connection.getInputStream()) {
        body.readAllBytes();
      }
      return code;
    } finally {
      connection.disconnect();
    }
  }

  /** Loads and compiles this JVM's HTTP client path, so the first measured launch is not slower. */
  private static void warmUpClient() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(200, 2);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write("ok".getBytes(StandardCharsets.UTF_8));
          }
        });
    server.start();
    try {
      for (int i = 0; i < 50; i++) {
        get(server.getAddress().getPort());
      }
    } finally {
      server.stop(0);
    }
  }

  private static Map<String, String> procStatus(long pid) {
    Map<String, String> fields = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        int colon = line.indexOf(':');
        if (colon > 0) {
          fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux, or the process is gone: leave the fields out.
    }
    return fields;
  }

  private static double kilobytes(String value) {
    if (value == null) {
      return Double.NaN;
    }
    return Double.parseDouble(value.replace("kB", "").trim());
  }

  private static void printSummary(Map<String, List<Sample>> samples, int runs) {
    System.out.printf(
        Locale.ROOT,
        "%n## Medians of %d interleaved runs; 'added' is the median of the per-round"
            + " differences from 'none'%n%n",
        runs);
    System.out.println(
        "| variant | first 200 ms | added ms | min-max ms | CPU ms | added CPU ms | RSS MB |"
            + " threads |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    List<Sample> base = samples.get("none");
    for (Map.Entry<String, List<Sample>> e : samples.entrySet()) {
      List<Sample> list = e.getValue();
      List<Double> wall = list.stream().map(Sample::firstResponseMs).toList();
      List<Double> addedWall = new ArrayList<>();
      List<Double> addedCpu = new ArrayList<>();
      for (int i = 0; i < Math.min(list.size(), base.size()); i++) {
        addedWall.add(list.get(i).firstResponseMs() - base.get(i).firstResponseMs());
        addedCpu.add(list.get(i).cpuMs() - base.get(i).cpuMs());
      }
      System.out.printf(
          Locale.ROOT,
          "| %s | %.0f | %+.0f | %.0f-%.0f | %.0f | %+.0f | %.1f | %.0f |%n",
          e.getKey(),
          median(wall),
          median(addedWall),
          Collections.min(wall),
          Collections.max(wall),
          median(list.stream().map(Sample::cpuMs).toList()),
          median(addedCpu),
          median(list.stream().map(Sample::rssMb).toList()),
          median(list.stream().map(s -> (double) s.threads()).toList()));
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    if (n == 0) {
      return Double.NaN;
    }
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static String setting(String property, String env) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      value = System.getenv(env);
    }
    return value == null || value.isBlank() ? null : value;
  }
}
