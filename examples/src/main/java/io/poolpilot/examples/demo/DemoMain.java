package io.poolpilot.examples.demo;

import io.poolpilot.examples.dependency.SlowDependency;
import io.poolpilot.examples.load.PhasedLoad;
import io.poolpilot.examples.load.PhasedLoad.Outcome;
import io.poolpilot.examples.load.PhasedLoad.Phase;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

/**
 * The demo: starts the sidecar, the slow dependency, service-a and service-b (both with the agent),
 * drives {@link DemoPlan}'s load phases, prints a status line per period and every decision as it
 * is journaled, then a before/after table and the {@code demo-summary:} line (docs/design.md).
 *
 * <p>Before and after: during the {@code baseline} phase the demo pins both pools to their starting
 * sizes through the sidecar's API ({@code PUT /api/pools}, the same call an operator would make),
 * so that the baseline measures the services as they ship; at its end it hands them to the tuner
 * ({@code {"auto": true}}). {@code b_p99_before_ms} is service-b's p99 in the baseline, {@code
 * b_p99_after_ms} in the last phase, which repeats the baseline's load. {@code a_threads_*} is
 * service-a's worker pool size at the start and at the end.
 *
 * <p>Capacity requests: journal entries ({@code GET /api/decisions}) of type {@code capacity} in
 * their {@code request} phase, for any service: what the sidecar asked its capacity providers for
 * after the tuner found that threads cannot help (docs/capacity.md).
 *
 * <p>The node budget (docs/node.md): the sidecar is told that service-b is {@code critical} and
 * service-a {@code batch}, so when service-a's hashing wants more processors than the node has,
 * service-a's worker pool is capped so that service-b keeps its share. The status line shows the
 * cap, the table its changes over time, and the summary line service-b's errors and p99 and
 * service-a's answers per second in the surge ({@code b_surge_errors}, {@code b_surge_p99_ms},
 * {@code a_surge_ok_per_s}). {@code --without-node-budget} declares no classes, so nothing is
 * capped: the same run without the budget, to compare.
 *
 * <p>service-a's worker pool runs no server span itself (its request threads only wait for it), so
 * the sidecar is told to tune it with {@code --tuning-include}; service-b's worker pool is named
 * there too, so that the demo does not depend on which frameworks the agent traces.
 *
 * <p>{@code DemoMain [--duration seconds] [--api-port N] [--period seconds]}; paths of the jars
 * with {@code --agent-jar}, {@code --sidecar-jar} (defaults: the build's, relative to the working
 * directory). Everything started is stopped on exit and on Ctrl-C.
 */
public final class DemoMain {
  static final String A_SERVICE = "service-a";
  static final String A_POOL = "a-worker-*";
  static final String B_SERVICE = "service-b";
  static final String B_POOL = "vert.x-worker-thread-*";

  private static final Duration PATIENCE = Duration.ofSeconds(90);

  /**
   * The services need little heap; a small one with the serial collector keeps their background
   * threads off the two cores the demo is sized for.
   */
  private static final String SMALL_HEAP = "-Xmx256m";

  private static final String SERIAL_GC = "-XX:+UseSerialGC";

  /** The command line. */
  record Options(
      int durationSeconds,
      int apiPort,
      int periodSeconds,
      Path agentJar,
      Path sidecarJar,
      boolean keep,
      boolean nodeBudget) {

    static Options parse(String[] args) {
      int duration = 180;
      int apiPort = 0;
      int period = 5;
      Path agent = Path.of("agent/target/poolpilot-agent.jar");
      Path sidecar = Path.of("sidecar/target/poolpilot-sidecar.jar");
      boolean keep = false;
      boolean nodeBudget = true;
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        if (arg.equals("--keep")) {
          keep = true;
          continue;
        }
        if (arg.equals("--without-node-budget")) {
          nodeBudget = false;
          continue;
        }
        String value;
        int eq = arg.indexOf('=');
        if (arg.startsWith("--") && eq > 0) {
          value = arg.substring(eq + 1);
          arg = arg.substring(0, eq);
        } else if (i + 1 < args.length) {
          value = args[++i];
        } else {
          throw new IllegalArgumentException(arg + " needs a value");
        }
        switch (arg) {
          case "--duration" -> duration = number(arg, value, 20, 24 * 3600);
          case "--api-port" -> apiPort = number(arg, value, 0, 65535);
          case "--period" -> period = number(arg, value, 1, 60);
          case "--agent-jar" -> agent = Path.of(value);
          case "--sidecar-jar" -> sidecar = Path.of(value);
          default -> throw new IllegalArgumentException("unknown option " + arg);
        }
      }
      return new Options(duration, apiPort, period, agent, sidecar, keep, nodeBudget);
    }

    private static int number(String option, String value, int min, int max) {
      try {
        int n = Integer.parseInt(value);
        if (n >= min && n <= max) {
          return n;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(
          option + " '" + value + "' must be a whole number from " + min + " to " + max);
    }
  }

  private DemoMain() {}

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("demo: " + e.getMessage());
      System.err.println(
          "usage: demo.sh [--duration seconds (default 180, at least 20)] [--api-port N (0: any"
              + " free port)] [--period seconds] [--keep (leave the sidecar and services running until"
              + " Ctrl-C, to look at the page)] [--without-node-budget (declare no service classes:"
              + " nothing is capped, to compare)]");
      System.exit(2);
      return;
    }
    for (Path jar : List.of(options.agentJar(), options.sidecarJar())) {
      if (!Files.isRegularFile(jar)) {
        System.err.println(
            "demo: "
                + jar
                + " is missing; build it with: mvn -B -q -DskipTests package -pl"
                + " agent,sidecar,examples -am");
        System.exit(1);
      }
    }
    if (options.apiPort() != 0 && !free(options.apiPort())) {
      System.err.println(
          "demo: port "
              + options.apiPort()
              + " on 127.0.0.1 is taken (another sidecar or demo still running?). Stop it, or"
              + " pick another port with --api-port N (0: any free port).");
      System.exit(1);
    }
    int status;
    Path workDir = Files.createTempDirectory("poolpilot-demo.");
    try (ChildProcesses children = new ChildProcesses(workDir)) {
      status = new DemoRun(options, workDir, children).run();
    } catch (Exception e) {
      System.err.println("demo: failed: " + e.getMessage());
      System.err.println("demo: the logs of every process are in " + workDir);
      System.exit(1);
      return;
    }
    ChildProcesses.deleteTree(workDir);
    System.exit(status);
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (BindException e) {
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  /** One run of the demo. */
  private static final class DemoRun {
    private final Options options;
    private final Path workDir;
    private final ChildProcesses children;
    private final String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(System.getProperty("java.home") + "/bin/java");
    private final String examplesJar = System.getProperty("java.class.path");
    private final Set<String> printed = new LinkedHashSet<>();
    private final long startNanos = System.nanoTime();
    private SidecarApi api;
    private ChildProcesses.Child serviceA;
    private CpuMeter aCpu;
    private double aCpuPeakInSurge;
    private final List<String> capChanges = new CopyOnWriteArrayList<>();
    private String lastCap = "none";

    DemoRun(Options options, Path workDir, ChildProcesses children) {
      this.options = options;
      this.workDir = workDir;
      this.children = children;
    }

    int run() throws Exception {
      SlowDependency dependency = SlowDependency.start(0);
      try {
        return runWith(URI.create("http://127.0.0.1:" + dependency.port()));
      } finally {
        dependency.stop();
      }
    }

    private int runWith(URI dependency) throws Exception {
      Path sidecarData = workDir.resolve("sidecar-data");
      say("starting the sidecar (logs in " + workDir + ")");
      List<String> sidecarCommand =
          new ArrayList<>(
              List.of(
                  java,
                  SERIAL_GC,
                  "-XX:TieredStopAtLevel=1",
                  "-XX:CompileThresholdScaling=0.3",
                  "-XX:-UsePerfData",
                  "-Xms16m",
                  "-Xmx96m",
                  "-Xss512k",
                  "-XX:MaxMetaspaceSize=64m",
                  "-XX:+ExitOnOutOfMemoryError",
                  "-jar",
                  options.sidecarJar().toString(),
                  "--otlp-port",
                  "0",
                  "--api-port",
                  String.valueOf(options.apiPort()),
                  "--data-dir",
                  sidecarData.toString(),
                  "--tuning-include",
                  A_POOL + "," + B_POOL));
      if (options.nodeBudget()) {
        sidecarCommand.addAll(
            List.of("--node-services", B_SERVICE + "=critical," + A_SERVICE + "=batch"));
      } else {
        say("no service classes declared (--without-node-budget): nothing will be capped");
      }
      ChildProcesses.Child sidecar = children.start("sidecar", sidecarCommand);
      Matcher listening;
      try {
        listening =
            sidecar.awaitLine("^poolpilot-sidecar listening: otlp=(\\S+) api=(\\S+)", PATIENCE);
      } catch (IllegalStateException e) {
        if (sidecar.tail().contains("Address already in use")) {
          System.err.println(
              "demo: the sidecar's port is taken; pick another with --api-port N (0: any free"
                  + " port)");
        }
        throw e;
      }
      String otlp = listening.group(1);
      // The token the sidecar generated, read by the agents from its file as on any one host: it
      // never appears on a command line.
      Path tokenFile = sidecarData.resolve("sidecar-token");
      api = new SidecarApi(URI.create(listening.group(2)), Files.readString(tokenFile).strip());
      say("sidecar: OTLP at " + otlp + ", API and page at " + api.base());

      say("starting service-a (Jetty, worker pool of 64 threads) with the agent");
      serviceA =
          children.start(
              A_SERVICE,
              List.of(
                  java,
                  SMALL_HEAP,
                  SERIAL_GC,
                  agent(otlp, tokenFile, A_SERVICE),
                  "-cp",
                  examplesJar,
                  "io.poolpilot.examples.servicea.ComputeService",
                  "0"));
      URI aUrl = URI.create("http://127.0.0.1:" + port(serviceA));
      aCpu = new CpuMeter(serviceA.process().toHandle());
      say("starting service-b (Vert.x Web, worker pool of 4 threads) with the agent");
      ChildProcesses.Child serviceB =
          children.start(
              B_SERVICE,
              List.of(
                  java,
                  SMALL_HEAP,
                  SERIAL_GC,
                  agent(otlp, tokenFile, B_SERVICE),
                  "-cp",
                  examplesJar,
                  "io.poolpilot.examples.serviceb.FrontService",
                  "--dependency",
                  dependency.toString()));
      URI bUrl = URI.create("http://127.0.0.1:" + port(serviceB));
      say("service-a at " + aUrl + ", service-b at " + bUrl + ", slow dependency at " + dependency);

      warmUp(aUrl, bUrl);
      int aBefore = sizeOf(A_SERVICE, A_POOL);
      int bBefore = sizeOf(B_SERVICE, B_POOL);
      say(
          "pinning the starting sizes for the baseline: service-b "
              + B_POOL
              + " = "
              + bBefore
              + ", service-a "
              + A_POOL
              + " = "
              + aBefore);
      api.pin(A_SERVICE, A_POOL, aBefore, aBefore);
      api.pin(B_SERVICE, B_POOL, bBefore, bBefore);

      List<Phase> phases = DemoPlan.phases(options.durationSeconds(), aUrl, bUrl);
      PhasedLoad load = new PhasedLoad(phases, Duration.ofSeconds(30));
      StringBuilder plan = new StringBuilder("load phases:");
      phases.forEach(
          p ->
              plan.append(' ')
                  .append(p.name())
                  .append(' ')
                  .append(p.duration().toSeconds())
                  .append('s'));
      say(plan.toString());
      ScheduledExecutorService status =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "demo-status");
                t.setDaemon(true);
                return t;
              });
      status.scheduleAtFixedRate(
          () -> printStatus(load),
          options.periodSeconds(),
          options.periodSeconds(),
          TimeUnit.SECONDS);
      load.run(
          p -> {
            say(
                "phase "
                    + phases.get(p).name()
                    + " ("
                    + phases.get(p).duration().toSeconds()
                    + " s)");
            if (p == 1) {
              status.execute(this::releasePins);
            }
          });
      status.shutdown();
      status.awaitTermination(30, TimeUnit.SECONDS);
      printNewDecisions();

      int aAfter = sizeOf(A_SERVICE, A_POOL);
      int bAfter = sizeOf(B_SERVICE, B_POOL);
      List<JsonObject> capacity =
          api.decisions().stream().filter(SidecarApi::isCapacityRequest).toList();
      Outcome bBaseline = load.outcome(DemoPlan.BASELINE, "b");
      Outcome bFinal = load.outcome(DemoPlan.AFTER, "b");
      Outcome aBaseline = load.outcome(DemoPlan.BASELINE, "a");
      Outcome aFinal = load.outcome(DemoPlan.AFTER, "a");
      Outcome bSurge = load.outcome(DemoPlan.SURGE, "b");
      Outcome bSteady = load.outcome(DemoPlan.STEADY, "b");
      Outcome aSurge = load.outcome(DemoPlan.SURGE, "a");
      double surgeSeconds =
          phases.stream()
              .filter(p -> p.name().equals(DemoPlan.SURGE))
              .mapToDouble(p -> p.duration().toMillis() / 1000.0)
              .findFirst()
              .orElse(Double.NaN);
      double aSurgeOkPerSecond = aSurge.ok() / surgeSeconds;
      long bSurgeErrors = bSurge.non2xx() + bSurge.failed();
      String capAfter =
          api.cap(A_SERVICE).isPresent() ? api.cap(A_SERVICE).getAsInt() + "" : "none";
      System.out.println();
      System.out.println("phase outcomes (latency from each request's scheduled start):");
      load.outcomes().forEach(o -> System.out.println("  " + o.line()));
      System.out.println("  " + load.sendLagLine());
      System.out.println();
      System.out.println(
          String.format(Locale.ROOT, "%-42s %18s %18s", "", "before (baseline)", "after (tuned)"));
      row("service-b p99 (ms)", ms(bBaseline.p99Millis()), ms(bFinal.p99Millis()));
      row(
          "service-b errors",
          String.valueOf(bBaseline.non2xx() + bBaseline.failed()),
          String.valueOf(bFinal.non2xx() + bFinal.failed()));
      row("service-b " + B_POOL + " threads", String.valueOf(bBefore), String.valueOf(bAfter));
      row("service-a p99 (ms)", ms(aBaseline.p99Millis()), ms(aFinal.p99Millis()));
      row("service-a " + A_POOL + " threads", String.valueOf(aBefore), String.valueOf(aAfter));
      row(
          "service-a CPU peak in surge",
          "",
          String.format(Locale.ROOT, "%.0f%%", aCpuPeakInSurge * 100));
      row("service-b errors in surge", "", bSurgeErrors + " of " + bSurge.sent());
      row("service-b p99 in steady (ms)", "", ms(bSteady.p99Millis()));
      row("service-b p99 in surge (ms)", "", ms(bSurge.p99Millis()));
      row(
          "service-a answers/s in surge",
          "",
          String.format(Locale.ROOT, "%.1f", aSurgeOkPerSecond));
      row("service-a cap (node budget)", "none", capAfter);
      System.out.println(
          "  service-a cap over time: "
              + (capChanges.isEmpty() ? "never capped" : String.join(", ", capChanges)));
      row("capacity requests", "", String.valueOf(capacity.size()));
      for (JsonObject entry : capacity) {
        System.out.println(
            "  capacity: "
                + entry.getString("service")
                + " "
                + entry.getString("direction", "")
                + ", demand ratio "
                + entry.getValue("ratio")
                + ": "
                + entry.getString("reason", ""));
      }
      System.out.println();
      System.out.println(
          "The sidecar's page: "
              + api.base().resolve("/")
              + (options.keep()
                  ? " (everything keeps running until Ctrl-C)"
                  : " (it stops with the demo; --keep keeps it up)"));
      System.out.println(
          String.format(
              Locale.ROOT,
              "demo-summary: b_p99_before_ms=%.1f b_p99_after_ms=%.1f a_threads_before=%d"
                  + " a_threads_after=%d capacity_requests=%d b_surge_errors=%d"
                  + " b_surge_p99_ms=%.1f a_surge_ok_per_s=%.1f",
              bBaseline.p99Millis(),
              bFinal.p99Millis(),
              aBefore,
              aAfter,
              capacity.size(),
              bSurgeErrors,
              bSurge.p99Millis(),
              aSurgeOkPerSecond));
      if (options.keep()) {
        Thread.currentThread().join(); // until Ctrl-C, whose shutdown hook stops everything
      }
      return 0;
    }

    private String agent(String otlp, Path tokenFile, String service) {
      return "-javaagent:"
          + options.agentJar()
          + "=endpoint="
          + otlp
          + ",token.file="
          + tokenFile
          + ",service.name="
          + service;
    }

    private static int port(ChildProcesses.Child child) throws Exception {
      return Integer.parseInt(child.awaitLine("^listening on (\\d+)$", PATIENCE).group(1));
    }

    /**
     * A pool is known to the sidecar once its first thread ran a task; a few requests to each
     * service (service-b does not call service-a) make both pools known.
     */
    private void warmUp(URI aUrl, URI bUrl) throws Exception {
      say("warming up until the sidecar reports both pools");
      HttpClient client = HttpClient.newHttpClient();
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      while (true) {
        for (URI uri : List.of(bUrl.resolve("/quote"), aUrl.resolve("/hash?rounds=100"))) {
          try {
            client.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding());
          } catch (IOException e) {
            // not up yet
          }
        }
        Optional<SidecarApi.Pool> a = api.pool(A_SERVICE, A_POOL);
        Optional<SidecarApi.Pool> b = api.pool(B_SERVICE, B_POOL);
        if (a.isPresent() && a.get().max() != null && b.isPresent() && b.get().max() != null) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "the sidecar did not report "
                  + A_SERVICE
                  + " "
                  + A_POOL
                  + " and "
                  + B_SERVICE
                  + " "
                  + B_POOL
                  + " within "
                  + PATIENCE.toSeconds()
                  + " s; it reports: "
                  + api.pools());
        }
        Thread.sleep(250);
      }
    }

    private int sizeOf(String service, String pool) throws Exception {
      // The core size: with an unbounded queue, threads above it never start.
      return api.pool(service, pool).map(SidecarApi.Pool::core).orElse(-1);
    }

    private void releasePins() {
      try {
        api.release(A_SERVICE, A_POOL);
        api.release(B_SERVICE, B_POOL);
        say("handed both pools to the tuner");
      } catch (Exception e) {
        say("could not release the pins: " + e);
      }
    }

    private void printStatus(PhasedLoad load) {
      try {
        Map<String, Outcome> interval = load.interval();
        double cpu = aCpu.sinceLastCall();
        int phase = load.currentPhase();
        if (phase >= 0
            && phase < load.phases().size()
            && load.phases().get(phase).name().equals(DemoPlan.SURGE)) {
          aCpuPeakInSurge = Math.max(aCpuPeakInSurge, cpu);
        }
        Optional<SidecarApi.Pool> a = api.pool(A_SERVICE, A_POOL);
        Optional<SidecarApi.Pool> b = api.pool(B_SERVICE, B_POOL);
        long seconds = (System.nanoTime() - startNanos) / 1_000_000_000L;
        String phaseName = interval.values().stream().findFirst().map(Outcome::phase).orElse("?");
        String cap =
            api.cap(A_SERVICE).isPresent() ? String.valueOf(api.cap(A_SERVICE).getAsInt()) : "none";
        if (!cap.equals(lastCap)) {
          capChanges.add(cap + " at " + seconds + " s (" + phaseName + ")");
          lastCap = cap;
        }
        System.out.println(
            String.format(
                Locale.ROOT,
                "[%4ds %-8s] b: %s threads=%s | a: %s threads=%s cap=%s cpu=%3.0f%% | in-flight=%d",
                seconds,
                phaseName,
                rates(interval.get("b")),
                size(b),
                rates(interval.get("a")),
                size(a),
                cap,
                cpu * 100,
                load.inFlight()));
        printNewDecisions();
      } catch (Exception e) {
        say("status: " + e);
      }
    }

    private String rates(Outcome o) {
      if (o == null) {
        return "-";
      }
      double seconds = options.periodSeconds();
      return String.format(
          Locale.ROOT,
          "ok=%3.0f/s err=%3.0f/s p99=%7sms",
          o.ok() / seconds,
          (o.non2xx() + o.failed()) / seconds,
          ms(o.p99Millis()));
    }

    private static String size(Optional<SidecarApi.Pool> pool) {
      return pool.map(p -> p.core() + " queued=" + (p.queued() == null ? "?" : p.queued()))
          .orElse("?");
    }

    private void printNewDecisions() {
      try {
        for (JsonObject entry : api.decisions()) {
          String type = entry.getString("type", "");
          if (type.equals("desired") || !printed.add(entry.encode())) {
            continue;
          }
          System.out.println(
              "    decision "
                  + type
                  + " "
                  + entry.getString("service")
                  + " "
                  + entry.getString("pool", "")
                  + ": "
                  + entry.getString("reason", ""));
        }
      } catch (Exception e) {
        say("decisions: " + e);
      }
    }

    private static void row(String name, String before, String after) {
      System.out.println(String.format(Locale.ROOT, "%-42s %18s %18s", name, before, after));
    }

    private static String ms(double millis) {
      return Double.isNaN(millis) ? "-" : String.format(Locale.ROOT, "%.1f", millis);
    }

    private static void say(String message) {
      System.out.println("demo: " + message);
    }
  }

  /** A process's CPU use between calls, as a share of the machine's processors. */
  static final class CpuMeter {
    private final ProcessHandle process;
    private final int processors = Runtime.getRuntime().availableProcessors();
    private long lastCpuNanos;
    private long lastWallNanos = System.nanoTime();

    CpuMeter(ProcessHandle process) {
      this.process = process;
      this.lastCpuNanos = cpuNanos();
    }

    synchronized double sinceLastCall() {
      long cpu = cpuNanos();
      long wall = System.nanoTime();
      double share =
          wall > lastWallNanos
              ? (double) (cpu - lastCpuNanos) / (wall - lastWallNanos) / processors
              : 0;
      lastCpuNanos = cpu;
      lastWallNanos = wall;
      return Math.max(0, share);
    }

    private long cpuNanos() {
      return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }
  }
}
