package io.poolpilot.benchmarks.http;

import java.util.List;

/**
 * What one overhead benchmark run does and for how long; each benchmark has a full and a short
 * (smoke) plan, and {@code bench.*} properties override single figures ({@link
 * BenchmarkSettings#fromSystemProperties}).
 *
 * @param name what the results are labelled with, also the key of the one-line summary
 * @param measureAllocation whether to read the services' allocation per request ({@link
 *     AllocationProbe}); their memory and threads are then taken before the probe attaches
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
 * @param variants the variants to run, {@code none} first ({@code bench.variants}, comma separated)
 */
record RunPlan(
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
    List<String> variants) {

  RunPlan {
    variants = List.copyOf(variants);
  }

  /** {@link OrderService}: a 1 ms handler, fast enough for 1,000 requests per second on a core. */
  static final RunPlan HTTP =
      new RunPlan("http-overhead", false, 1_000, 10, 15, 60, 15, 5, 4, 8, Variant.DEFAULT);

  static final RunPlan HTTP_SHORT =
      new RunPlan("http-overhead", false, 1_000, 2, 3, 1, 2, 1, 1, 2, Variant.DEFAULT);

  /**
   * spring-petclinic-rest, about 15 s per start and milliseconds of CPU per request until the JIT
   * is done: seven counted start-up rounds (the issue asks for at least seven), two minutes'
   * saturated warm-up (a first run with one minute served about 100 requests/s cold and was still
   * compiling in the measured runs), five fixed-rate runs of 20 s at 100 requests/s, no saturation
   * rounds; about 25 minutes in all.
   */
  static final RunPlan APP =
      new RunPlan("app-overhead", true, 100, 5, 20, 120, 20, 7, 0, 8, Variant.AGENTS);

  static final RunPlan APP_SHORT =
      new RunPlan("app-overhead", true, 100, 2, 5, 5, 3, 1, 0, 2, Variant.AGENTS);
}
