package io.poolpilot.tuning.eval;

import io.poolpilot.tuning.CapacitySignal;
import io.poolpilot.tuning.Decision;
import io.poolpilot.tuning.PoolObservation;
import io.poolpilot.tuning.PoolTuner;

/**
 * A throughput hill climber in the style of the .NET thread pool's: it perturbs the size with a
 * square wave around a control setting and moves the setting the way throughput rises.
 *
 * <p>The wave has a period of four control periods (two at {@code setting + w}, two at {@code
 * setting - w}, {@code w = max(1, 10% of the setting)}), as .NET's {@code HillClimbing} uses a wave
 * period of 4 samples. After each wave the throughput difference between the high and the low half
 * gives the gain per thread; its elasticity {@code gain · setting / throughput} moves the setting
 * by that share of itself, at most 16 threads per wave (.NET allows 4 per second), when it exceeds
 * 0.15 (the signal .NET looks for) or falls below -0.15. Like .NET it adds a thread whenever tasks
 * are queued and none completed (starvation). Simplified from .NET: the wave is read by comparing
 * halves instead of by Goertzel filtering over eight waves, and one sample is one 1-s period.
 */
final class HillClimbingBaseline implements PoolTuner {

  static final int HALF_WAVE = 2;
  static final double SIGNAL = 0.15;
  static final int MAX_CHANGE_PER_WAVE = 16;

  private final int maxSize;
  private double setting;
  private int step;
  private double highSum;
  private double lowSum;
  private int amplitude;

  HillClimbingBaseline(int initialSize, int maxSize) {
    this.maxSize = maxSize;
    this.setting = initialSize;
    this.amplitude = amplitudeFor(initialSize);
  }

  @Override
  public Decision decide(PoolObservation observation) {
    double throughput = observation.completionsPerSecond();
    boolean high = step < HALF_WAVE;
    if (high) {
      highSum += throughput;
    } else {
      lowSum += throughput;
    }
    step++;
    if (step == 2 * HALF_WAVE) {
      moveSetting();
      step = 0;
      highSum = 0;
      lowSum = 0;
      amplitude = amplitudeFor(setting);
    }
    if (observation.queueLength() > 0 && throughput == 0) {
      setting = Math.min(maxSize, setting + 1);
    }
    int wave = step < HALF_WAVE ? amplitude : -amplitude;
    int size = (int) Math.max(1, Math.min(maxSize, Math.round(setting) + wave));
    Decision.Action action =
        size == observation.coreSize()
            ? Decision.Action.HOLD
            : size > observation.coreSize() ? Decision.Action.GROW : Decision.Action.SHRINK;
    return new Decision(
        action, size, size, CapacitySignal.NONE, "hill climbing setting " + setting);
  }

  private void moveSetting() {
    double high = highSum / HALF_WAVE;
    double low = lowSum / HALF_WAVE;
    double mean = (high + low) / 2;
    if (mean <= 0) {
      return;
    }
    double gainPerThread = (high - low) / (2.0 * amplitude);
    double elasticity = gainPerThread * setting / mean;
    if (Math.abs(elasticity) < SIGNAL) {
      return;
    }
    double move =
        Math.max(-MAX_CHANGE_PER_WAVE, Math.min(MAX_CHANGE_PER_WAVE, elasticity * setting));
    if (Math.abs(move) < 1) {
      move = Math.signum(move);
    }
    setting = Math.max(1, Math.min(maxSize, setting + move));
  }

  private static int amplitudeFor(double setting) {
    return (int) Math.max(1, Math.round(setting * 0.1));
  }
}
