package io.poolpilot.tuning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReasonsTest {

  @Test
  void fixedWritesWhatStringFormatWritesAwayFromExactTies() {
    SplittableRandom random = new SplittableRandom(15);
    int compared = 0;
    for (int i = 0; i < 100_000; i++) {
      double magnitude = Math.pow(10, random.nextInt(-3, 9));
      double value = (random.nextDouble() * 2 - 1) * magnitude;
      for (int decimals = 0; decimals <= 1; decimals++) {
        double scaled = Math.abs(value) * (decimals == 0 ? 1 : 10);
        if (Math.abs(scaled - Math.floor(scaled) - 0.5) < 1e-6 || Math.abs(scaled) < 0.5) {
          continue; // a tie or a negative zero: rounding of the binary value may differ
        }
        String expected = String.format(Locale.ROOT, decimals == 0 ? "%.0f" : "%.1f", value);
        assertThat(Reasons.fixed(value, decimals))
            .as("%s with %d decimals", value, decimals)
            .isEqualTo(expected);
        compared++;
      }
    }
    assertThat(compared).isGreaterThan(140_000);
  }

  @Test
  void fixedRoundsHalfAwayFromZeroAndKeepsSpecialValues() {
    assertThat(Reasons.fixed(2.5, 0)).isEqualTo("3");
    assertThat(Reasons.fixed(-2.5, 0)).isEqualTo("-3");
    assertThat(Reasons.fixed(0.04, 1)).isEqualTo("0.0");
    assertThat(Reasons.fixed(-0.04, 1)).isEqualTo("0.0");
    assertThat(Reasons.fixed(9.96, 1)).isEqualTo("10.0");
    assertThat(Reasons.fixed(Double.NaN, 0)).isEqualTo("NaN");
    assertThat(Reasons.fixed(Double.NEGATIVE_INFINITY, 1)).isEqualTo("-Infinity");
    assertThat(Reasons.fixed(3e16, 0)).isEqualTo(String.format(Locale.ROOT, "%.0f", 3e16));
  }

  @Test
  void durationsPickTheirUnitAndPrecision() {
    assertThat(Reasons.duration(0.0042)).isEqualTo("4.2 ms");
    assertThat(Reasons.duration(0.120)).isEqualTo("120 ms");
    assertThat(Reasons.duration(2.34)).isEqualTo("2.3 s");
    assertThat(Reasons.duration(42.4)).isEqualTo("42 s");
    assertThat(Reasons.rate(410.2)).isEqualTo("410 tasks/s");
    assertThat(Reasons.percent(0.354)).isEqualTo("35%");
  }
}
