package io.poolpilot.benchmarks.http;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an agent costs an HTTP application ({@link AppUnderTest}: {@link OrderService} here, or a
 * real application through {@link AppOverheadBenchmark}), in one run of its variants: no agent,
 * PoolPilot (exporting OTLP to an {@link OtlpSink}) and, if given, the OpenTelemetry Java agent
 * (exporting OTLP/HTTP to the same sink). Following {@code benchmarking.md}, in this order:
 *
 * <ol>
 *   <li>start-up: each variant launched and killed in turn (A B C A B C ..., one uncounted round
 *       first), timing {@code ProcessBuilder.start()} to the first 200 answer; not pinned;
 *   <li>one long-lived service per variant, pinned to {@code bench.serviceCpus} (the generator and
 *       the sink stay on the cpus this JVM was started on), warmed up at saturation and at the
 *       fixed rate;
 *   <li>interleaved fixed-rate runs (A B C A B C ...): open-loop load at {@code bench.rate}; the
 *       service's CPU time from {@code /proc/<pid>/stat} over the run divided by the requests it
 *       served, and the p99 latency; runs in which a request failed are not counted, and the
 *       latency of runs whose generator send lag p99 passes both 1 ms and a quarter of the run's
 *       latency p99 is not counted ({@link FixedRateLoad}: the lag is the generator's, and only
 *       latency includes it); the other services' CPU over the same runs is their idle cost; the
 *       measured service's CPU is also split by thread role ({@link ThreadRoles}); if the settings
 *       ask for it, also the bytes it allocated per request ({@link AllocationProbe}); and the
 *       collector's pauses in the run ({@link GcLog}), which say whether a stall was a collection;
 *   <li>saturation rounds, alternating A B C, C B A: closed-loop throughput, compared within each
 *       round;
 *   <li>resident memory and threads of each long-lived service right after its own warm-up, so at
 *       the same point of the same load history in every variant, and before the allocation probe
 *       attaches: threads by kind ({@link ThreadCensus}), plain resident memory, the JVM's own
 *       committed total (NMT) and resident memory after the C library trimmed its heap ({@link
 *       ProcStat#footprint}).
 * </ol>
 *
 * Everything is reported next to no agent as differences or ratios taken within each round, and
 * their median. Settings: {@link BenchmarkSettings}.
 */
public final class HttpOverheadBenchmark {
  private final BenchmarkSettings settings;
  private final AppUnderTest app;
  private final ProcStat proc = ProcStat.ofThisMachine();
  private final String classPath = System.getProperty("java.class.path");
  private final Map<String, VariantResults> results = new LinkedHashMap<>();

  /** Each launched service's collector log, by identity: start-up launches add theirs too. */
  private final Map<ServiceProcess, GcLog> gcLogs = new IdentityHashMap<>();

  HttpOverheadBenchmark(BenchmarkSettings settings, AppUnderTest app) {
    this.settings = settings;
    this.app = app;
  }

  public static void main(String[] args) throws Exception {
    BenchmarkSettings settings = settingsOrExit(RunPlan.HTTP, RunPlan.HTTP_SHORT);
    Map<String, VariantResults> results =
        new HttpOverheadBenchmark(
                settings, AppUnderTest.orderService(System.getProperty("java.class.path")))
            .run();
    new ResultTable(settings, results).printVerdict(System.out);
    System.out.println(OverheadSummary.of(results).line(settings.plan().name()));
  }

  /** The settings, or exit with status 2 and the reason when a property is wrong. */
  static BenchmarkSettings settingsOrExit(RunPlan full, RunPlan smoke) throws IOException {
    try {
      return BenchmarkSettings.fromSystemProperties(full, smoke);
    } catch (IllegalArgumentException e) {
      System.err.println(full.name() + ": " + e.getMessage());
      System.exit(2);
      throw e;
    }
  }

  /**
   * Runs every phase, prints the measurements and tables as it goes, and returns them by variant
   * for the caller's verdict.
   */
  Map<String, VariantResults> run() throws Exception {
    System.out.printf(
        Locale.ROOT,
        "%s benchmark (%s), %s: rate %.0f/s, %d x %.0f s fixed-rate runs, %d start-up rounds,"
            + " %d x %.0f s saturation rounds, services on cpus %s%n",
        settings.plan().name(),
        app.serviceName(),
        Instant.now(),
        settings.plan().rate(),
        settings.plan().repetitions(),
        settings.plan().windowSeconds(),
        settings.plan().startupRounds(),
        settings.plan().saturationRounds(),
        settings.plan().saturationSeconds(),
        settings.serviceCpus() == null ? "(not pinned)" : settings.serviceCpus());
    System.out.printf(
        Locale.ROOT,
        "scheduling: this JVM (load generator) real-time: %s; services' session autogroup nice: %s;"
            + " clock ticks from /proc: %s%n",
        settings.servicePrefix().resetScheduler() ? "yes" : "no",
        settings.servicePrefix().autogroupNice() == null
            ? "(their own session not used)"
            : settings.servicePrefix().autogroupNice(),
        proc);
    try (ServiceProcess sink =
        ServiceProcess.launch(
            settings.sinkPrefix().before(null),
            List.of("-Xmx128m", "-XX:+UseSerialGC"),
            AppUnderTest.otlpSink(classPath),
            settings.logDir().resolve("sink.stderr"))) {
      List<Variant> variants = Variant.all(settings, sink.port(), app.serviceName());
      for (Variant v : variants) {
        results.put(v.name(), new VariantResults());
        System.out.println("variant " + v.name() + ": " + String.join(" ", v.jvmArgs()));
      }
      measureStartup(variants);
      List<ServiceProcess> services = new ArrayList<>();
      List<AllocationProbe> probes = new ArrayList<>();
      try {
        for (Variant v : variants) {
          services.add(launch(v, settings.serviceCpus(), "steady"));
        }
        warmUp(variants, services);
        if (settings.plan().measureAllocation()) {
          for (ServiceProcess service : services) {
            probes.add(AllocationProbe.attach(service.pid()));
          }
        }
        measureFixedRate(variants, services, probes);
        measureSaturation(variants, services);
      } finally {
        for (AllocationProbe probe : probes) {
          probe.close();
        }
        for (ServiceProcess service : services) {
          service.close();
        }
      }
      String exported = SinkStats.fetch(sink.port());
      new ResultTable(settings, results).print(System.out);
      System.out.println();
      System.out.println("OTLP received by the sink (path, requests, bytes):");
      exported.lines().forEach(line -> System.out.println("    " + line));
      System.out.println();
    }
    return results;
  }

  /**
   * Reads a service's footprint and prints it; for an agent, the kinds of thread the service
   * without an agent does not have (the agent's) and how many more threads of the kinds it does
   * have (the application's pools).
   */
  private void recordFootprint(Variant variant, ServiceProcess service)
      throws InterruptedException {
    double settledSeconds = awaitQuiet(service);
    ProcStat.Footprint footprint = ProcStat.footprint(service.pid());
    results.get(variant.name()).footprint = footprint;
    VariantResults base = results.get(Variant.NONE);
    String threads = "";
    if (!variant.name().equals(Variant.NONE) && base != null && base.footprint != null) {
      threads =
          String.format(
              Locale.ROOT,
              "; kinds of thread not in none: %s; application threads added: %+d",
              footprint.census() == null
                  ? "?"
                  : footprint.census().kindsAbsentFrom(base.footprint.census()),
              footprint.applicationThreadsAdded(base.footprint));
    }
    System.out.printf(
        Locale.ROOT,
        "%s footprint (after %.0f s of waiting for quiet): RSS %.1f MiB, after trim %.1f MiB,"
            + " NMT committed %.1f MiB, %d threads (%d serving requests)%s%n",
        variant.name(),
        settledSeconds,
        footprint.rssMb(),
        footprint.trimmedRssMb(),
        footprint.nmtCommittedMb(),
        footprint.threads(),
        footprint.requestThreads(),
        threads);
  }

  /** CPU a service may use in a second and still count as quiet: 5% of a core. */
  private static final long QUIET_CPU_NANOS_PER_SECOND = 50_000_000L;

  private static final int MAX_QUIET_WAIT_SECONDS = 30;

  /**
   * Waits, at most {@link #MAX_QUIET_WAIT_SECONDS}, until a service used under {@link
   * #QUIET_CPU_NANOS_PER_SECOND} of CPU in the last second, so that its memory is read after the
   * JIT has finished what the load queued (a smoke run read a no-agent service 13 MiB larger after
   * the trim than before it, the compiler still at work in between); returns the seconds waited.
   */
  private double awaitQuiet(ServiceProcess service) throws InterruptedException {
    long cpu = proc.cpuNanos(service.pid());
    for (int second = 1; second <= MAX_QUIET_WAIT_SECONDS; second++) {
      Thread.sleep(1_000);
      long now = proc.cpuNanos(service.pid());
      if (now - cpu < QUIET_CPU_NANOS_PER_SECOND) {
        return second;
      }
      cpu = now;
    }
    return MAX_QUIET_WAIT_SECONDS;
  }

  /**
   * Launches {@code variant} for {@code phase}, its stderr and its collector's log ({@link GcLog})
   * in the log directory.
   */
  private ServiceProcess launch(Variant variant, String cpus, String phase) throws IOException {
    Path log = settings.logDir().resolve(variant.name() + "-" + phase + ".stderr");
    GcLog gc = new GcLog(settings.logDir().resolve(variant.name() + "-" + phase + "-gc.log"));
    List<String> jvmArgs = new ArrayList<>(variant.jvmArgs());
    jvmArgs.add(gc.option());
    ServiceProcess service =
        ServiceProcess.launch(settings.servicePrefix().before(cpus), jvmArgs, app, log);
    gcLogs.put(service, gc);
    return service;
  }

  private void measureStartup(List<Variant> variants) throws IOException {
    System.out.println();
    System.out.println(
        "## start-up: ms from launch to the first 200 (not pinned), and the process's CPU ms by then");
    for (int round = 0; round <= settings.plan().startupRounds(); round++) {
      StringBuilder line = new StringBuilder(round == 0 ? "warm-up" : "round " + round);
      for (Variant v : variants) {
        double millis;
        double cpuMillis;
        try (ServiceProcess service = launch(v, settings.allCpus(), "startup-" + round)) {
          millis = service.startupMillis();
          cpuMillis = service.startupCpuMillis();
        }
        if (round > 0) {
          results.get(v.name()).startupMillis.add(millis);
          results.get(v.name()).startupCpuMillis.add(cpuMillis);
        }
        line.append(
            String.format(Locale.ROOT, "  %s %.0f (CPU %.0f)", v.name(), millis, cpuMillis));
      }
      System.out.println(line);
    }
  }

  private void warmUp(List<Variant> variants, List<ServiceProcess> services)
      throws IOException, InterruptedException {
    System.out.println();
    System.out.println("## warm-up");
    for (int i = 0; i < variants.size(); i++) {
      int port = services.get(i).port();
      SaturationLoad.Result saturated;
      try (SaturationLoad load =
          new SaturationLoad(port, app.requests(port), BenchmarkSettings.SATURATION_CONNECTIONS)) {
        saturated = load.run(settings.plan().warmupSaturationSeconds());
      }
      try (FixedRateLoad load =
          new FixedRateLoad(port, app.requests(port), BenchmarkSettings.FIXED_RATE_CONNECTIONS)) {
        FixedRateLoad.Result r = load.run(settings.plan().rate(), settings.plan().warmupSeconds());
        System.out.printf(
            Locale.ROOT,
            "%s: started in %.0f ms (pinned), saturated warm-up %.0f/s, warm-up p99 %.2f ms%n",
            variants.get(i).name(),
            services.get(i).startupMillis(),
            saturated.perSecond(),
            r.latency().getValueAtPercentile(99) / 1e3);
      }
      recordFootprint(variants.get(i), services.get(i));
    }
  }

  private void measureFixedRate(
      List<Variant> variants, List<ServiceProcess> services, List<AllocationProbe> probes)
      throws IOException, InterruptedException {
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "## fixed rate %.0f/s, open loop, %d connections%n",
        settings.plan().rate(),
        BenchmarkSettings.FIXED_RATE_CONNECTIONS);
    System.out.println(
        "| rep | variant | served | CPU us/req | on request threads | JVM threads | other threads |"
            + " p50 ms | p99 ms | max ms | GC pauses / max ms / full | KB/req | send lag p99 us |"
            + " valid |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (int rep = 1; rep <= settings.plan().repetitions(); rep++) {
      for (int i = 0; i < variants.size(); i++) {
        VariantResults measured = results.get(variants.get(i).name());
        AllocationProbe probe = probes.isEmpty() ? null : probes.get(i);
        Map<Long, Long> allocatedBefore = probe == null ? Map.of() : probe.allocatedBytesByThread();
        ThreadRoles.Split rolesBefore = ThreadRoles.of(services.get(i).pid(), proc);
        GcLog gc = gcLogs.get(services.get(i));
        gc.pausesSinceMark();
        long[] before = cpuOf(services);
        FixedRateLoad.Result r;
        long start = System.nanoTime();
        int port = services.get(i).port();
        try (FixedRateLoad load =
            new FixedRateLoad(port, app.requests(port), BenchmarkSettings.FIXED_RATE_CONNECTIONS)) {
          r = load.run(settings.plan().rate(), settings.plan().windowSeconds());
        }
        long[] after = cpuOf(services);
        GcLog.Pauses pauses = gc.pausesSinceMark();
        ThreadRoles.Split rolesAfter = ThreadRoles.of(services.get(i).pid(), proc);
        double kbPerRequest =
            probe == null
                ? Double.NaN
                : Measurements.allocatedBetween(allocatedBefore, probe.allocatedBytesByThread())
                    / 1024.0
                    / Math.max(1, r.ok());
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuPerRequest = Measurements.cpuMicrosPerRequest(before[i], after[i], r.ok());
        double requestThreads =
            Measurements.cpuMicrosPerRequest(
                rolesBefore.requestNanos(), rolesAfter.requestNanos(), r.ok());
        double jvmThreads =
            Measurements.cpuMicrosPerRequest(rolesBefore.jvmNanos(), rolesAfter.jvmNanos(), r.ok());
        boolean counted = r.allAnswered();
        measured.requestThreadMicros.add(counted ? requestThreads : Double.NaN);
        measured.jvmThreadMicros.add(counted ? jvmThreads : Double.NaN);
        measured.otherThreadMicros.add(
            counted ? cpuPerRequest - requestThreads - jvmThreads : Double.NaN);
        double p50 = r.latency().getValueAtPercentile(50) / 1e3;
        double p99 = r.latency().getValueAtPercentile(99) / 1e3;
        measured.cpuMicrosPerRequest.add(counted ? cpuPerRequest : Double.NaN);
        measured.allocatedKbPerRequest.add(counted ? kbPerRequest : Double.NaN);
        measured.p50Millis.add(r.valid() ? p50 : Double.NaN);
        measured.p99Millis.add(r.valid() ? p99 : Double.NaN);
        measured.sendLagP99Micros.add((double) r.lag().getValueAtPercentile(99));
        if (!counted) {
          measured.invalidRuns++;
        }
        for (int j = 0; j < services.size(); j++) {
          if (j != i) {
            VariantResults idle = results.get(variants.get(j).name());
            idle.idleCpuNanos += after[j] - before[j];
            idle.idleSeconds += seconds;
          }
        }
        System.out.printf(
            Locale.ROOT,
            "| %d | %s | %d | %.1f | %.1f | %.1f | %.1f | %.2f | %.2f | %.1f | %s | %.1f | %d | %s |%n",
            rep,
            variants.get(i).name(),
            r.ok(),
            cpuPerRequest,
            requestThreads,
            jvmThreads,
            cpuPerRequest - requestThreads - jvmThreads,
            p50,
            p99,
            r.latency().getMaxValue() / 1e3,
            pauses.cell(),
            kbPerRequest,
            r.lag().getValueAtPercentile(99),
            r.valid() ? "yes" : counted ? "CPU only (send lag)" : "NO (" + r.failed() + " failed)");
      }
    }
  }

  private void measureSaturation(List<Variant> variants, List<ServiceProcess> services)
      throws IOException, InterruptedException {
    if (settings.plan().saturationRounds() == 0) {
      return;
    }
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "## saturation, closed loop, %d connections%n",
        BenchmarkSettings.SATURATION_CONNECTIONS);
    for (int round = 1; round <= settings.plan().saturationRounds(); round++) {
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < variants.size(); i++) {
        order.add(round % 2 == 1 ? i : variants.size() - 1 - i);
      }
      StringBuilder line = new StringBuilder("round " + round + ":");
      for (int i : order) {
        VariantResults measured = results.get(variants.get(i).name());
        long before = proc.cpuNanos(services.get(i).pid());
        SaturationLoad.Result r;
        int port = services.get(i).port();
        try (SaturationLoad load =
            new SaturationLoad(
                port, app.requests(port), BenchmarkSettings.SATURATION_CONNECTIONS)) {
          r = load.run(settings.plan().saturationSeconds());
        }
        long after = proc.cpuNanos(services.get(i).pid());
        measured.saturatedPerSecond.add(r.failed() == 0 ? r.perSecond() : Double.NaN);
        measured.saturatedCpuMicrosPerRequest.add(
            Measurements.cpuMicrosPerRequest(before, after, Math.max(1, r.ok())));
        line.append(
            String.format(
                Locale.ROOT,
                "  %s %.0f/s%s",
                variants.get(i).name(),
                r.perSecond(),
                r.failed() == 0 ? "" : " (" + r.failed() + " failed, not counted)"));
      }
      System.out.println(line);
    }
  }

  private long[] cpuOf(List<ServiceProcess> services) {
    long[] cpu = new long[services.size()];
    for (int i = 0; i < cpu.length; i++) {
      cpu[i] = proc.cpuNanos(services.get(i).pid());
    }
    return cpu;
  }
}
