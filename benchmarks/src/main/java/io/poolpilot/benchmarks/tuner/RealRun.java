package io.poolpilot.benchmarks.tuner;

import io.poolpilot.examples.load.PhasedLoad;
import io.poolpilot.testsupport.JvmLauncher;
import io.poolpilot.testsupport.LaunchedJvm;
import io.poolpilot.testsupport.SidecarFlags;
import io.poolpilot.testsupport.SidecarJvm;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * One variant through the whole {@link LoadPlan}, on real processes: a fresh sidecar (the shipped
 * jar, its own data directory, so the journal holds this run only), the {@link
 * DownstreamLimitedService} under the shipped agent jar, the open-loop {@link PhasedLoad} in this
 * JVM, and the {@link CpuNeighbour} started and stopped around its phase. Every process is stopped
 * when the run ends, however it ends.
 */
final class RealRun {
  static final String POOL = "requests-*";
  private static final Duration PATIENCE = Duration.ofSeconds(120);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final String TOKEN = "tuner-real-evaluation";

  private final Path agentJar;
  private final Path sidecarJar;
  private final Path workDir;

  /**
   * @param workDir where each run gets a directory for its sidecar's data and the logs
   */
  RealRun(Path agentJar, Path sidecarJar, Path workDir) {
    this.agentJar = agentJar;
    this.sidecarJar = sidecarJar;
    this.workDir = workDir;
  }

  RunResult run(Variant variant, int repetition, LoadPlan plan) throws Exception {
    String service = "tuned-r" + repetition + "-" + variant.label().replaceAll("[^a-z0-9]", "");
    Path dir = Files.createDirectories(workDir.resolve(service));
    List<AutoCloseable> processes = new CopyOnWriteArrayList<>();
    ExecutorService neighbourControl = Executors.newSingleThreadExecutor();
    try {
      SidecarJvm sidecar = startSidecar(variant, dir);
      processes.add(sidecar);
      LaunchedJvm app = startService(variant, service, sidecar);
      processes.add(app);
      int port = Integer.parseInt(app.awaitStdoutLineStartingWith("port=", PATIENCE).trim());
      URI url = URI.create("http://127.0.0.1:" + port + "/work");

      PhasedLoad load = new PhasedLoad(plan.phases("svc", url), REQUEST_TIMEOUT);
      Instant[] starts = new Instant[plan.segments().size() + 1];
      List<Future<?>> neighbourSteps = new ArrayList<>();
      List<Future<LaunchedJvm>> running = new ArrayList<>();
      load.run(
          index -> {
            starts[index] = Instant.now();
            boolean wanted = plan.segments().get(index).neighbour();
            // Off the sending thread: starting a JVM would make the generator send late.
            if (wanted && running.isEmpty()) {
              Future<LaunchedJvm> started =
                  neighbourControl.submit(() -> startNeighbour(processes));
              running.add(started);
              neighbourSteps.add(started);
            } else if (!wanted && !running.isEmpty()) {
              Future<LaunchedJvm> started = running.remove(0);
              neighbourSteps.add(neighbourControl.submit(() -> stop(started)));
            }
          });
      starts[plan.segments().size()] = Instant.now();
      for (Future<LaunchedJvm> started : running) {
        neighbourSteps.add(neighbourControl.submit(() -> stop(started)));
      }
      for (Future<?> step : neighbourSteps) {
        step.get();
      }
      List<Resizes.Resize> resizes =
          Resizes.fromJournal(dir.resolve("data").resolve("journal.jsonl"), service, POOL);
      return result(variant, repetition, plan, load, starts, resizes);
    } finally {
      neighbourControl.shutdownNow();
      // A neighbour still starting adds itself to the list before it is stopped with the rest.
      neighbourControl.awaitTermination(PATIENCE.toSeconds(), TimeUnit.SECONDS);
      for (int i = processes.size() - 1; i >= 0; i--) {
        try {
          processes.get(i).close();
        } catch (Exception | Error e) {
          System.err.println("tuner-real: stopping a process failed: " + e);
        }
      }
    }
  }

  private SidecarJvm startSidecar(Variant variant, Path dir) throws IOException {
    List<String> flags =
        SidecarFlags.of(
            dir.resolve("data"), TOKEN, 0, 0, "--tuning-mode", variant.tuned() ? "auto" : "off");
    return SidecarJvm.start(
        JvmLauncher.currentJava()
            .jvmArgs("-Xmx256m")
            .jar(sidecarJar)
            .appArgs(flags)
            .name("sidecar"),
        PATIENCE);
  }

  private LaunchedJvm startService(Variant variant, String service, SidecarJvm sidecar)
      throws IOException {
    String agentArgs =
        "endpoint="
            + sidecar.otlp()
            + ",token="
            + TOKEN
            + ",service.name="
            + service
            + ",mode="
            + (variant.tuned() ? "tune" : "observe");
    return JvmLauncher.currentJava()
        .jvmArgs("-Xmx256m", "-Dsun.net.httpserver.nodelay=true")
        .agent(agentJar)
        .agentArgs(agentArgs)
        .classPath(ownCodeLocation())
        .mainClass(DownstreamLimitedService.class.getName())
        .appArgs(String.valueOf(variant.threads()))
        .mergeStderr()
        .name(service)
        .start();
  }

  private LaunchedJvm startNeighbour(List<AutoCloseable> processes) throws IOException {
    LaunchedJvm neighbour =
        JvmLauncher.currentJava()
            .jvmArgs("-Xmx64m")
            .classPath(ownCodeLocation())
            .mainClass(CpuNeighbour.class.getName())
            .appArgs(String.valueOf(LoadPlan.NEIGHBOUR_SHARE))
            .mergeStderr()
            .name("neighbour")
            .start();
    processes.add(neighbour);
    neighbour.awaitStdoutLine("busy", PATIENCE);
    return neighbour;
  }

  private static Void stop(Future<LaunchedJvm> started) throws Exception {
    started.get().close();
    return null;
  }

  /** The jar or class directory this class came from: the service and neighbour need only it. */
  private static String ownCodeLocation() {
    try {
      return Path.of(RealRun.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException("cannot locate the benchmark's own classes", e);
    }
  }

  private static RunResult result(
      Variant variant,
      int repetition,
      LoadPlan plan,
      PhasedLoad load,
      Instant[] starts,
      List<Resizes.Resize> resizes) {
    List<Instant> reversals = Resizes.reversals(resizes);
    List<PhaseResult> phases = new ArrayList<>();
    List<PhasedLoad.Outcome> outcomes = load.outcomes();
    for (String group : plan.groups()) {
      Histogram latencies = new Histogram(3);
      long sent = 0;
      long refused = 0;
      Instant first = null;
      Instant end = null;
      for (int i = 0; i < plan.segments().size(); i++) {
        if (!plan.segments().get(i).group().equals(group)) {
          continue;
        }
        latencies.add(load.latencyMicros(i, "svc"));
        PhasedLoad.Outcome outcome = outcomes.get(i);
        sent += outcome.sent();
        refused += outcome.non2xx() + outcome.failed();
        first = first == null ? starts[i] : first;
        end = starts[i + 1];
      }
      long within =
          latencies.getCountBetweenValues(0, TunerRealEvaluation.OBJECTIVE_MILLIS * 1000L);
      Instant from = first;
      Instant to = end;
      int inPhase =
          (int) reversals.stream().filter(at -> !at.isBefore(from) && at.isBefore(to)).count();
      phases.add(
          new PhaseResult(
              group,
              plan.seconds(group),
              sent,
              within,
              latencies.getTotalCount() == 0
                  ? Double.NaN
                  : latencies.getValueAtPercentile(99) / 1000.0,
              refused,
              inPhase,
              Resizes.sizeAt(resizes, to, variant.threads())));
    }
    Instant scoredFrom = starts[1];
    Instant scoredTo = starts[plan.segments().size()];
    double minutes = Duration.between(scoredFrom, scoredTo).toMillis() / 60_000.0;
    long scoredReversals =
        reversals.stream().filter(at -> !at.isBefore(scoredFrom) && at.isBefore(scoredTo)).count();
    return new RunResult(
        variant,
        repetition,
        phases,
        resizes.size(),
        scoredReversals / minutes,
        load.sendLagP99Millis());
  }
}
