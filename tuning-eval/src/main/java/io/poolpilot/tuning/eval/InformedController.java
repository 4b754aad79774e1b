package io.poolpilot.tuning.eval;

import io.poolpilot.tuning.CapacitySignal;
import io.poolpilot.tuning.Decision;
import io.poolpilot.tuning.PoolObservation;
import io.poolpilot.tuning.PoolTuner;
import io.poolpilot.tuning.TunerConfig;
import io.poolpilot.tuning.sim.Scenario;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The yardstick of what a measuring tuner can reach: a controller that is told each phase's oracle
 * size at the phase's start and sets it one control period later, moving under the tuner's own
 * guardrails.
 *
 * <p>Exactly: at each decision it takes the phase the period just ended in (so the first decision
 * that knows a phase comes at the end of that phase's first period, as a tuner's first look at it
 * does), and moves the pool toward that phase's oracle size by at most {@link
 * TunerConfig#maxStep()} threads, no sooner than {@link TunerConfig#cooldown()} after its previous
 * change, within {@link TunerConfig#minSize()} and {@link TunerConfig#maxSize()}. It measures
 * nothing and never raises "needs capacity".
 *
 * <p>Why it exists: the oracle switches size at the very second a phase starts, which nothing that
 * has to observe a phase first can do, and under the default guardrails a jump of 35 threads takes
 * three changes. The oracle's ratio mixes the tuner's judgement with that unavoidable lag; this
 * controller has the lag and perfect judgement, so the tuner's goodput over its goodput measures
 * the judgement alone.
 */
final class InformedController implements PoolTuner {

  private final Clock clock;
  private final Scenario scenario;
  private final List<Integer> sizes;
  private final TunerConfig guardrails;
  private Instant lastChange;

  InformedController(Clock clock, Scenario scenario, List<Integer> sizes, TunerConfig guardrails) {
    this.clock = clock;
    this.scenario = scenario;
    this.sizes = List.copyOf(sizes);
    this.guardrails = guardrails;
  }

  @Override
  public Decision decide(PoolObservation observation) {
    Instant now = clock.instant();
    double seconds = now.toEpochMilli() / 1000.0;
    int phase = scenario.phaseAt(seconds - scenario.controlPeriodSeconds() / 2);
    int target = sizes.get(Math.min(phase, sizes.size() - 1));
    int size = Math.max(1, observation.coreSize());
    boolean coolingDown =
        lastChange != null && now.isBefore(lastChange.plus(guardrails.cooldown()));
    int step = Math.max(-guardrails.maxStep(), Math.min(guardrails.maxStep(), target - size));
    int next = Math.max(guardrails.minSize(), Math.min(guardrails.maxSize(), size + step));
    if (next == size || coolingDown) {
      return Decision.hold(size, size, CapacitySignal.NONE, "informed: phase size " + target);
    }
    lastChange = now;
    return new Decision(
        next > size ? Decision.Action.GROW : Decision.Action.SHRINK,
        next,
        next,
        CapacitySignal.NONE,
        "informed: " + size + "→" + next + " toward phase size " + target);
  }
}
