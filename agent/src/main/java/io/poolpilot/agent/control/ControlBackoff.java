package io.poolpilot.agent.control;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * How long to wait before the next poll after {@code failures} failed ones in a row: {@code min(30
 * s, 1 s × 2^(failures-1))}, scaled by a random factor in [0.8, 1.2] so that many agents whose
 * sidecar restarted do not all come back in the same instant.
 */
final class ControlBackoff {
  static final Duration FIRST = Duration.ofSeconds(1);
  static final Duration LONGEST = Duration.ofSeconds(30);
  private static final double JITTER = 0.2;

  private final DoubleSupplier random;

  /**
   * @param random uniform values in [0, 1)
   */
  ControlBackoff(DoubleSupplier random) {
    this.random = random;
  }

  Duration after(int failures) {
    long base = FIRST.toMillis() << Math.min(Math.max(failures - 1, 0), 5);
    long capped = Math.min(base, LONGEST.toMillis());
    double factor = 1 - JITTER + 2 * JITTER * random.getAsDouble();
    return Duration.ofMillis(Math.round(capped * factor));
  }
}
