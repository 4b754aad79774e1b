package io.poolpilot.benchmarks.http;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an agent costs a realistic HTTP service, in one run of three variants of {@link
 * OrderService}: no agent, PoolPilot (exporting OTLP to an {@link OtlpSink}) and, if given, the
 * OpenTelemetry Java agent (exporting OTLP/HTTP to the same sink). Following {@code
 * benchmarking.md}, in this order:
 *
 * <ol>
 *   <li>start-up: each variant launched and killed in turn (A B C A B C ..., one uncounted round
 *       first), timing {@code ProcessBuilder.start()} to the first 200 answer; not pinned;
 *   <li>one long-lived service per variant, pinned to {@code bench.serviceCpus} (the generator and
 *       the sink stay on the cpus this JVM was started on), warmed up at saturation and at the
 *       fixed rate;
 *   <li>interleaved fixed-rate runs (A B C A B C ...): open-loop load at {@code bench.rate}; the
 *       service's CPU time from {@code /proc/<pid>/stat} over the run divided by the requests it
 *       served, and the p99 latency; runs whose generator send lag p99 passes 1 ms are not counted;
 *       the other services' CPU over the same runs is their idle cost; the measured service's CPU
 *       is also split by thread role ({@link ThreadRoles});
 *   <li>saturation rounds, alternating A B C, C B A: closed-loop throughput, compared within each
 *       round;
 *   <li>resident memory and threads of each long-lived service at the end.
 * </ol>
 *
 * Everything is reported next to no agent as differences or ratios taken within each round, and
 * their median. Settings: {@link BenchmarkSettings}.
 */
public final class HttpOverheadBenchmark {
  private static final String SERVICE_MAIN = OrderService.class.getName();
  private static final String FIRST_REQUEST = "/orders?customer=1";

  private final BenchmarkSettings settings;
  private final ProcStat proc = ProcStat.ofThisMachine();
  private final String classPath = System.getProperty("java.class.path");
  private final Map<String, VariantResults> results = new LinkedHashMap<>();

  private HttpOverheadBenchmark(BenchmarkSettings settings) {
    this.settings = settings;
  }

  public static void main(String[] args) throws Exception {
    BenchmarkSettings settings;
    try {
      settings = BenchmarkSettings.fromSystemProperties();
    } catch (IllegalArgumentException e) {
      System.err.println("HttpOverheadBenchmark: " + e.getMessage());
      System.exit(2);
      return;
    }
    new HttpOverheadBenchmark(settings).run();
  }

  private void run() throws Exception {
    System.out.printf(
        Locale.ROOT,
        "HTTP overhead benchmark, %s: rate %.0f/s, %d x %.0f s fixed-rate runs, %d start-up rounds,"
            + " %d x %.0f s saturation rounds, services on cpus %s%n",
        Instant.now(),
        settings.rate(),
        settings.repetitions(),
        settings.windowSeconds(),
        settings.startupRounds(),
        settings.saturationRounds(),
        settings.saturationSeconds(),
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
            classPath,
            OtlpSink.class.getName(),
            null,
            settings.logDir().resolve("sink.stderr"))) {
      List<Variant> variants = Variant.all(settings, sink.port());
      for (Variant v : variants) {
        results.put(v.name(), new VariantResults());
        System.out.println("variant " + v.name() + ": " + String.join(" ", v.jvmArgs()));
      }
      measureStartup(variants);
      List<ServiceProcess> services = new ArrayList<>();
      try {
        for (Variant v : variants) {
          services.add(launch(v, settings.serviceCpus(), "steady"));
        }
        warmUp(variants, services);
        measureFixedRate(variants, services);
        measureSaturation(variants, services);
        for (int i = 0; i < variants.size(); i++) {
          results.get(variants.get(i).name()).footprint = ProcStat.footprint(services.get(i).pid());
        }
      } finally {
        for (ServiceProcess service : services) {
          service.close();
        }
      }
      String exported = SinkStats.fetch(sink.port());
      new ResultTable(settings, results).print(System.out);
      System.out.println();
      System.out.println("OTLP received by the sink (path, requests, bytes):");
      exported.lines().forEach(line -> System.out.println("    " + line));
    }
  }

  private ServiceProcess launch(Variant variant, String cpus, String phase)
      throws IOException, InterruptedException {
    Path log = settings.logDir().resolve(variant.name() + "-" + phase + ".stderr");
    return ServiceProcess.launch(
        settings.servicePrefix().before(cpus),
        variant.jvmArgs(),
        classPath,
        SERVICE_MAIN,
        FIRST_REQUEST,
        log);
  }

  private void measureStartup(List<Variant> variants) throws IOException, InterruptedException {
    System.out.println();
    System.out.println("## start-up: ms from launch to the first 200 (not pinned)");
    for (int round = 0; round <= settings.startupRounds(); round++) {
      StringBuilder line = new StringBuilder(round == 0 ? "warm-up" : "round " + round);
      for (Variant v : variants) {
        double millis;
        try (ServiceProcess service = launch(v, settings.allCpus(), "startup-" + round)) {
          millis = service.startupMillis();
        }
        if (round > 0) {
          results.get(v.name()).startupMillis.add(millis);
        }
        line.append(String.format(Locale.ROOT, "  %s %.0f", v.name(), millis));
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
      try (SaturationLoad load =
          new SaturationLoad(port, BenchmarkSettings.SATURATION_CONNECTIONS)) {
        load.run(settings.warmupSaturationSeconds());
      }
      try (FixedRateLoad load = new FixedRateLoad(port, BenchmarkSettings.FIXED_RATE_CONNECTIONS)) {
        FixedRateLoad.Result r = load.run(settings.rate(), settings.warmupSeconds());
        System.out.printf(
            Locale.ROOT,
            "%s: started in %.0f ms (pinned), warm-up p99 %.2f ms%n",
            variants.get(i).name(),
            services.get(i).startupMillis(),
            r.latency().getValueAtPercentile(99) / 1e3);
      }
    }
  }

  private void measureFixedRate(List<Variant> variants, List<ServiceProcess> services)
      throws IOException, InterruptedException {
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "## fixed rate %.0f/s, open loop, %d connections%n",
        settings.rate(),
        BenchmarkSettings.FIXED_RATE_CONNECTIONS);
    System.out.println(
        "| rep | variant | served | CPU us/req | on request threads | JVM threads | other threads |"
            + " p50 ms | p99 ms | max ms | send lag p99 us | valid |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (int rep = 1; rep <= settings.repetitions(); rep++) {
      for (int i = 0; i < variants.size(); i++) {
        VariantResults measured = results.get(variants.get(i).name());
        ThreadRoles.Split rolesBefore = ThreadRoles.of(services.get(i).pid(), proc);
        long[] before = cpuOf(services);
        FixedRateLoad.Result r;
        long start = System.nanoTime();
        try (FixedRateLoad load =
            new FixedRateLoad(services.get(i).port(), BenchmarkSettings.FIXED_RATE_CONNECTIONS)) {
          r = load.run(settings.rate(), settings.windowSeconds());
        }
        long[] after = cpuOf(services);
        ThreadRoles.Split rolesAfter = ThreadRoles.of(services.get(i).pid(), proc);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuPerRequest = Measurements.cpuMicrosPerRequest(before[i], after[i], r.ok());
        double requestThreads =
            Measurements.cpuMicrosPerRequest(
                rolesBefore.requestNanos(), rolesAfter.requestNanos(), r.ok());
        double jvmThreads =
            Measurements.cpuMicrosPerRequest(rolesBefore.jvmNanos(), rolesAfter.jvmNanos(), r.ok());
        measured.requestThreadMicros.add(r.valid() ? requestThreads : Double.NaN);
        measured.jvmThreadMicros.add(r.valid() ? jvmThreads : Double.NaN);
        measured.otherThreadMicros.add(
            r.valid() ? cpuPerRequest - requestThreads - jvmThreads : Double.NaN);
        double p99 = r.latency().getValueAtPercentile(99) / 1e3;
        measured.cpuMicrosPerRequest.add(r.valid() ? cpuPerRequest : Double.NaN);
        measured.p99Millis.add(r.valid() ? p99 : Double.NaN);
        if (!r.valid()) {
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
            "| %d | %s | %d | %.1f | %.1f | %.1f | %.1f | %.2f | %.2f | %.1f | %d | %s |%n",
            rep,
            variants.get(i).name(),
            r.ok(),
            cpuPerRequest,
            requestThreads,
            jvmThreads,
            cpuPerRequest - requestThreads - jvmThreads,
            r.latency().getValueAtPercentile(50) / 1e3,
            p99,
            r.latency().getMaxValue() / 1e3,
            r.lag().getValueAtPercentile(99),
            r.valid() ? "yes" : "NO (" + r.failed() + " failed)");
      }
    }
  }

  private void measureSaturation(List<Variant> variants, List<ServiceProcess> services)
      throws IOException, InterruptedException {
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "## saturation, closed loop, %d connections%n",
        BenchmarkSettings.SATURATION_CONNECTIONS);
    for (int round = 1; round <= settings.saturationRounds(); round++) {
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < variants.size(); i++) {
        order.add(round % 2 == 1 ? i : variants.size() - 1 - i);
      }
      StringBuilder line = new StringBuilder("round " + round + ":");
      for (int i : order) {
        VariantResults measured = results.get(variants.get(i).name());
        long before = proc.cpuNanos(services.get(i).pid());
        SaturationLoad.Result r;
        try (SaturationLoad load =
            new SaturationLoad(services.get(i).port(), BenchmarkSettings.SATURATION_CONNECTIONS)) {
          r = load.run(settings.saturationSeconds());
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
