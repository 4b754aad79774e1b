package io.poolpilot.examples.demo;

import io.poolpilot.examples.load.PhasedLoad.Phase;
import io.poolpilot.examples.load.PhasedLoad.Stream;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The demo's load phases, scaled to its duration. Rates are set for a 2-core machine and never
 * depend on how the run goes.
 *
 * <ol>
 *   <li>{@code baseline}: steady load on the starting sizes (the demo pins them for this phase):
 *       service-b {@code /quote} at {@value #B_RATE}/s needs about 5 busy threads (a few ms of its
 *       own CPU + 150 ms dependency) and has 4, so its queue grows; service-a gets {@value
 *       #A_STEADY_RATE}/s of hashing requests (25 to 40 ms of CPU each on this machine) besides.
 *       The two services share the machine's processors and nothing else.
 *   <li>{@code steady}: the same load, pools handed to the tuner.
 *   <li>{@code surge}: hashing requests to service-a jump to {@value #A_SURGE_RATE}/s, 1.1 to 1.8
 *       times what two cores can hash: its CPU saturates and no thread count can help it, while its
 *       64 runnable threads would leave service-b's few ms of CPU a request a 30th of a processor.
 *       The node budget (service-b critical, service-a batch) caps service-a's pool from the demand
 *       it measures. (At 70/s, set from a first estimate of 40 ms a request, a quiet machine kept
 *       up: CPU peaked at 76% and nothing asked for capacity.)
 *   <li>{@code mix}: service-a back to steady; half of service-b's requests become {@code /report}
 *       (400 ms dependency), which needs about twice as many threads.
 *   <li>{@code after}: the baseline's load again, on the tuned sizes: compared with the baseline.
 * </ol>
 */
final class DemoPlan {
  static final double B_RATE = 30;
  static final double A_STEADY_RATE = 8;
  static final double A_SURGE_RATE = 90;

  /** Rounds of a direct hashing request: 25 to 40 ms of CPU here (see HashWork). */
  static final int A_ROUNDS = 8000;

  static final String BASELINE = "baseline";
  static final String AFTER = "after";
  static final String STEADY = "steady";
  static final String SURGE = "surge";

  private DemoPlan() {}

  /** The phases for a run of {@code seconds} (at least 20). */
  static List<Phase> phases(int seconds, URI serviceA, URI serviceB) {
    int baseline = Math.round(seconds * 0.2f);
    int steady = Math.round(seconds * 0.2f);
    int surge = Math.round(seconds * 0.25f);
    int mix = Math.round(seconds * 0.15f);
    int after = seconds - baseline - steady - surge - mix;
    Stream quote = new Stream("b", serviceB.resolve("/quote"), B_RATE);
    Stream hash = new Stream("a", serviceA.resolve("/hash?rounds=" + A_ROUNDS), A_STEADY_RATE);
    Stream hashSurge = new Stream("a", serviceA.resolve("/hash?rounds=" + A_ROUNDS), A_SURGE_RATE);
    Stream halfQuote = new Stream("b", serviceB.resolve("/quote"), B_RATE / 2);
    Stream halfReport = new Stream("b", serviceB.resolve("/report"), B_RATE / 2);
    return List.of(
        new Phase(BASELINE, Duration.ofSeconds(baseline), List.of(quote, hash)),
        new Phase(STEADY, Duration.ofSeconds(steady), List.of(quote, hash)),
        new Phase(SURGE, Duration.ofSeconds(surge), List.of(quote, hashSurge)),
        new Phase("mix", Duration.ofSeconds(mix), List.of(halfQuote, halfReport, hash)),
        new Phase(AFTER, Duration.ofSeconds(after), List.of(quote, hash)));
  }
}
