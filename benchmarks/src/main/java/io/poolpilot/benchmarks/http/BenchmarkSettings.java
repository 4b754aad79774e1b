package io.poolpilot.benchmarks.http;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An overhead benchmark's settings, from system properties ({@code bench.*}, never {@code
 * poolpilot.*}, which the agent would read as its own): what to run ({@link RunPlan}, over the full
 * or the short (smoke) plan each benchmark chooses), which agents, and how services are launched.
 *
 * @param plan what the run does and how long (see {@link RunPlan} for the properties)
 * @param agent PoolPilot's agent jar ({@code bench.agent}, required)
 * @param otelAgent the OpenTelemetry Java agent jar ({@code bench.otelAgent}), or null to leave it
 *     out
 * @param serviceCpus the cpus the measured services are pinned to with {@code taskset} ({@code
 *     bench.serviceCpus}, default 0; empty for no pinning)
 * @param allCpus every online cpu, for start-up launches, which are not pinned
 * @param logDir where the services' stderr goes ({@code bench.logDir})
 * @param servicePrefix how services are launched: back to the normal scheduler if this JVM runs
 *     real-time (as {@code benchmarks/run.sh http} starts it, so that the load generator is never
 *     late), and in a session of their own with autogroup nice {@code bench.serviceAutogroupNice}
 *     if set
 * @param sinkPrefix how the sink is launched: back to the normal scheduler if this JVM runs
 *     real-time
 */
record BenchmarkSettings(
    RunPlan plan,
    File agent,
    File otelAgent,
    String serviceCpus,
    String allCpus,
    Path logDir,
    LaunchPrefix servicePrefix,
    LaunchPrefix sinkPrefix) {

  static final int FIXED_RATE_CONNECTIONS = 8;
  static final int SATURATION_CONNECTIONS = 32;

  /** The settings for a benchmark with these {@code full} and {@code smoke} plans. */
  static BenchmarkSettings fromSystemProperties(RunPlan full, RunPlan smoke) throws IOException {
    RunPlan d = Boolean.getBoolean("bench.short") ? smoke : full;
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
    RunPlan plan =
        new RunPlan(
            d.name(),
            d.measureAllocation(),
            number("bench.rate", d.rate()),
            (int) number("bench.repetitions", d.repetitions()),
            number("bench.window", d.windowSeconds()),
            number("bench.warmupSaturation", d.warmupSaturationSeconds()),
            number("bench.warmup", d.warmupSeconds()),
            (int) number("bench.startupRounds", d.startupRounds()),
            count("bench.saturationRounds", d.saturationRounds()),
            number("bench.saturationSeconds", d.saturationSeconds()),
            parseVariants(d.variants()));
    return new BenchmarkSettings(
        plan,
        agent,
        otel,
        cpus.isEmpty() ? null : cpus,
        onlineCpus(),
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
