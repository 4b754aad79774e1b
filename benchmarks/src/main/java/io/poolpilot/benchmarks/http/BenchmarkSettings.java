package io.poolpilot.benchmarks.http;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An overhead benchmark's settings, from system properties ({@code bench.*}, never {@code
 * poolpilot.*}, which the agent would read as its own), over a full and a short (smoke) set of
 * {@link Defaults} that each benchmark chooses.
 *
 * @param name what the results are labelled with, also the key of the one-line summary
 * @param measureAllocation whether to read the services' allocation per request ({@link
 *     AllocationProbe}); their memory and threads are then taken before the probe attaches
 * @param agent PoolPilot's agent jar ({@code bench.agent}, required)
 * @param otelAgent the OpenTelemetry Java agent jar ({@code bench.otelAgent}), or null to leave it
 *     out
 * @param rate the fixed open-loop rate, requests per second ({@code bench.rate})
 * @param repetitions interleaved fixed-rate runs per variant ({@code bench.repetitions})
 * @param windowSeconds length of each fixed-rate run ({@code bench.window})
 * @param warmupSaturationSeconds saturated warm-up of each service before the first run ({@code
 *     bench.warmupSaturation}): long enough for the JIT to compile an agent's code, which at
 *     saturation on one core takes about a minute, so that the runs measure the steady state a
 *     long-running service lives in rather than the compiler
 * @param warmupSeconds fixed-rate warm-up of each service after the saturated one ({@code
 *     bench.warmup})
 * @param startupRounds interleaved start-up rounds, after one uncounted one ({@code
 *     bench.startupRounds})
 * @param saturationRounds alternating saturation rounds ({@code bench.saturationRounds}, 0 for
 *     none)
 * @param saturationSeconds length of each saturation run ({@code bench.saturationSeconds})
 * @param serviceCpus the cpus the measured services are pinned to with {@code taskset} ({@code
 *     bench.serviceCpus}, default 0; empty for no pinning)
 * @param allCpus every online cpu, for start-up launches, which are not pinned
 * @param variants the variants to run, {@code none} first ({@code bench.variants}, comma separated;
 *     default: the benchmark's)
 * @param logDir where the services' stderr goes ({@code bench.logDir})
 * @param servicePrefix how services are launched: back to the normal scheduler if this JVM runs
 *     real-time (as {@code benchmarks/run.sh http} starts it, so that the load generator is never
 *     late), and in a session of their own with autogroup nice {@code bench.serviceAutogroupNice}
 *     if set
 * @param sinkPrefix how the sink is launched: back to the normal scheduler if this JVM runs
 *     real-time
 */
record BenchmarkSettings(
    String name,
    boolean measureAllocation,
    File agent,
    File otelAgent,
    double rate,
    int repetitions,
    double windowSeconds,
    double warmupSaturationSeconds,
    double warmupSeconds,
    int startupRounds,
    int saturationRounds,
    double saturationSeconds,
    String serviceCpus,
    String allCpus,
    List<String> variants,
    Path logDir,
    LaunchPrefix servicePrefix,
    LaunchPrefix sinkPrefix) {

  static final int FIXED_RATE_CONNECTIONS = 8;
  static final int SATURATION_CONNECTIONS = 32;

  /**
   * What a benchmark runs unless a property says otherwise.
   *
   * @param name see {@link BenchmarkSettings#name}
   * @param measureAllocation see {@link BenchmarkSettings#measureAllocation}
   * @param variants the default variants, {@code none} first
   */
  record Defaults(
      String name,
      boolean measureAllocation,
      double rate,
      int repetitions,
      double windowSeconds,
      double warmupSaturationSeconds,
      double warmupSeconds,
      int startupRounds,
      int saturationRounds,
      double saturationSeconds,
      List<String> variants) {}

  /** {@link OrderService}: a 1 ms handler, fast enough for 1,000 requests per second on a core. */
  static final Defaults HTTP =
      new Defaults("http-overhead", false, 1_000, 10, 15, 60, 15, 5, 4, 8, Variant.DEFAULT);

  static final Defaults HTTP_SHORT =
      new Defaults("http-overhead", false, 1_000, 2, 3, 1, 2, 1, 1, 2, Variant.DEFAULT);

  /**
   * spring-petclinic-rest, about 15 s per start and about a millisecond of CPU per request: seven
   * counted start-up rounds (the issue asks for at least seven), a minute's saturated warm-up (the
   * JIT has far more to compile than for {@link OrderService}), five fixed-rate runs of 20 s at a
   * rate well below what one core serves, no saturation rounds; about 18 minutes in all.
   */
  static final Defaults APP =
      new Defaults("app-overhead", true, 150, 5, 20, 60, 15, 7, 0, 8, Variant.AGENTS);

  static final Defaults APP_SHORT =
      new Defaults("app-overhead", true, 150, 2, 5, 5, 3, 1, 0, 2, Variant.AGENTS);

  /** The settings for a benchmark with these {@code full} and {@code smoke} defaults. */
  static BenchmarkSettings fromSystemProperties(Defaults full, Defaults smoke) throws IOException {
    Defaults d = Boolean.getBoolean("bench.short") ? smoke : full;
    File agent = jar("bench.agent", true);
    File otel = jar("bench.otelAgent", false);
    String cpus = System.getProperty("bench.serviceCpus", "0").trim();
    Path logDir =
        Path.of(
            System.getProperty(
                "bench.logDir",
                Path.of(System.getProperty("java.io.tmpdir"), "poolpilot-http-bench").toString()));
    Files.createDirectories(logDir);
    boolean realtime = ProcStat.selfIsRealtime();
    return new BenchmarkSettings(
        d.name(),
        d.measureAllocation(),
        agent,
        otel,
        number("bench.rate", d.rate()),
        (int) number("bench.repetitions", d.repetitions()),
        number("bench.window", d.windowSeconds()),
        number("bench.warmupSaturation", d.warmupSaturationSeconds()),
        number("bench.warmup", d.warmupSeconds()),
        (int) number("bench.startupRounds", d.startupRounds()),
        count("bench.saturationRounds", d.saturationRounds()),
        number("bench.saturationSeconds", d.saturationSeconds()),
        cpus.isEmpty() ? null : cpus,
        onlineCpus(),
        parseVariants(d.variants()),
        logDir,
        new LaunchPrefix(realtime, autogroupNice()),
        new LaunchPrefix(realtime, null));
  }

  private static File jar(String property, boolean required) {
    String value = System.getProperty(property, "").trim();
    if (value.isEmpty()) {
      if (required) {
        throw new IllegalArgumentException("-D" + property + "=/path/to/agent.jar is required");
      }
      return null;
    }
    File file = new File(value).getAbsoluteFile();
    if (!file.isFile()) {
      throw new IllegalArgumentException(property + "=" + value + ": no such file");
    }
    return file;
  }

  private static double number(String property, double fallback) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      double parsed = Double.parseDouble(value.trim());
      if (parsed > 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new IllegalArgumentException(property + "=" + value + ": expected a positive number");
  }

  /** A whole number, zero allowed (zero saturation rounds: none). */
  private static int count(String property, int fallback) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed >= 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new IllegalArgumentException(property + "=" + value + ": expected a whole number >= 0");
  }

  private static List<String> parseVariants(List<String> defaults) {
    String value = System.getProperty("bench.variants", "").trim();
    if (value.isEmpty()) {
      return defaults;
    }
    List<String> names = List.of(value.split("\\s*,\\s*"));
    for (String name : names) {
      if (!Variant.NAMES.contains(name)) {
        throw new IllegalArgumentException(
            "bench.variants="
                + value
                + ": unknown variant '"
                + name
                + "', expected some of "
                + Variant.NAMES);
      }
    }
    if (!names.get(0).equals(Variant.NONE)) {
      throw new IllegalArgumentException(
          "bench.variants=" + value + ": must start with " + Variant.NONE + ", the baseline");
    }
    return names;
  }

  private static Integer autogroupNice() {
    String value = System.getProperty("bench.serviceAutogroupNice", "").trim();
    if (value.isEmpty()) {
      return null;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "bench.serviceAutogroupNice=" + value + ": expected a nice value from -20 to 19");
    }
  }

  /**
   * The online cpus as {@code taskset} takes them ({@code 0-1}), so start-up runs are not pinned.
   */
  private static String onlineCpus() {
    try {
      return Files.readString(Path.of("/sys/devices/system/cpu/online")).trim();
    } catch (IOException e) {
      return "0-" + (Runtime.getRuntime().availableProcessors() - 1);
    }
  }
}
