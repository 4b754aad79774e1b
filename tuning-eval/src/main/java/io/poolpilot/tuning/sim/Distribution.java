package io.poolpilot.tuning.sim;

import java.util.Locale;
import java.util.SplittableRandom;

/** A distribution of durations in seconds, sampled from the simulation's own random stream. */
public interface Distribution {

  /** One value, never negative. */
  double sample(SplittableRandom random);

  /** The mean, for sizing scenarios and for documentation. */
  double mean();

  /** Always {@code 0}: the task has no such part. */
  static Distribution none() {
    return constant(0);
  }

  /** Always {@code value}. */
  static Distribution constant(double value) {
    requireNonNegative(value);
    return new Distribution() {
      @Override
      public double sample(SplittableRandom random) {
        return value;
      }

      @Override
      public double mean() {
        return value;
      }

      @Override
      public String toString() {
        return seconds(value);
      }
    };
  }

  /** Exponential with the given mean: memoryless, coefficient of variation 1. */
  static Distribution exponential(double mean) {
    requireNonNegative(mean);
    return new Distribution() {
      @Override
      public double sample(SplittableRandom random) {
        return -mean * Math.log(1 - random.nextDouble());
      }

      @Override
      public double mean() {
        return mean;
      }

      @Override
      public String toString() {
        return "exp(" + seconds(mean) + ")";
      }
    };
  }

  /**
   * Log-normal with the given mean and coefficient of variation (standard deviation over mean): a
   * heavy right tail for {@code cv} above 1, as measured service times usually have.
   */
  static Distribution lognormal(double mean, double cv) {
    requireNonNegative(mean);
    double sigma2 = Math.log(1 + cv * cv);
    double sigma = Math.sqrt(sigma2);
    double mu = Math.log(mean) - sigma2 / 2;
    return new Distribution() {
      @Override
      public double sample(SplittableRandom random) {
        return Math.exp(mu + sigma * gaussian(random));
      }

      @Override
      public double mean() {
        return mean;
      }

      @Override
      public String toString() {
        return String.format(Locale.ROOT, "lognormal(%s, cv %.1f)", seconds(mean), cv);
      }
    };
  }

  private static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  private static void requireNonNegative(double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("duration " + value + " must be finite and >= 0");
    }
  }

  private static String seconds(double value) {
    return String.format(Locale.ROOT, "%.1f ms", value * 1000);
  }
}
