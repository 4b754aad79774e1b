package io.poolpilot.tuning.sim;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Poisson arrivals whose rate follows the phases, drawn by thinning: candidates at each phase's
 * peak rate, each kept with probability {@code rate(t) / peak}. Exact for the linear ramps the
 * phases describe, and a function of the seed alone, so every controller sees the same arrivals.
 */
final class ArrivalProcess {

  private final List<Phase> phases;
  private final SplittableRandom random;
  private double now;
  private int phase;
  private double phaseEnd;

  ArrivalProcess(List<Phase> phases, SplittableRandom random) {
    this.phases = phases;
    this.random = random;
    this.phaseEnd = phases.get(0).seconds();
  }

  /** The time of the next arrival, infinity after the last phase. */
  double next() {
    while (phase < phases.size()) {
      Phase current = phases.get(phase);
      double peak = current.peakRate();
      double candidate =
          peak > 0 ? now - Math.log(1 - random.nextDouble()) / peak : Double.POSITIVE_INFINITY;
      if (candidate >= phaseEnd) {
        now = phaseEnd;
        phase++;
        if (phase < phases.size()) {
          phaseEnd += phases.get(phase).seconds();
        }
        continue;
      }
      now = candidate;
      double offset = now - (phaseEnd - current.seconds());
      if (random.nextDouble() * peak <= current.rateAt(offset)) {
        return now;
      }
    }
    return Double.POSITIVE_INFINITY;
  }

  /** The phase of the arrival {@link #next()} returned last. */
  int phase() {
    return phase;
  }
}
