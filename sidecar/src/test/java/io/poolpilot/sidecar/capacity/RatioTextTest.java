package io.poolpilot.sidecar.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class RatioTextTest {

  @Test
  void writesTwoDecimalsRoundedHalfUp() {
    assertThat(RatioText.of(1.6463490290960976)).isEqualTo("1.65");
    assertThat(RatioText.of(0.875)).isEqualTo("0.88");
    assertThat(RatioText.of(1)).isEqualTo("1.00");
    assertThat(RatioText.of(12.344)).isEqualTo("12.34");
  }

  @Test
  void writesAPointWhateverTheDefaultLocale() {
    Locale before = Locale.getDefault();
    Locale.setDefault(Locale.GERMANY);
    try {
      assertThat(RatioText.of(1.5)).isEqualTo("1.50");
    } finally {
      Locale.setDefault(before);
    }
  }

  @Test
  void writesNoSignForATinyNegativeAndWordsForWhatIsNotANumber() {
    assertThat(RatioText.of(-0.001)).isEqualTo("0.00");
    assertThat(RatioText.of(Double.NaN)).isEqualTo("unknown");
    assertThat(RatioText.of(Double.POSITIVE_INFINITY)).isEqualTo("∞");
  }
}
