package io.poolpilot.protocol.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WireDurationsTest {

  @Test
  void writesWholeSecondsInSecondsAndTheRestInMilliseconds() {
    assertThat(WireDurations.format(Duration.ofSeconds(1))).isEqualTo("1s");
    assertThat(WireDurations.format(Duration.ofSeconds(60))).isEqualTo("60s");
    assertThat(WireDurations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
  }

  @Test
  void readsWhatItWrites() {
    for (long millis : new long[] {0, 250, 1000, 1500, 60_000}) {
      Duration d = Duration.ofMillis(millis);
      assertThat(WireDurations.parse(WireDurations.format(d))).isEqualTo(d);
    }
  }

  @Test
  void refusesOtherFormsNamingTheText() {
    for (String bad : new String[] {"", "1", "1m", "-1s", "1.5s", " 1s", "1 s", "9999999999999s"}) {
      assertThatThrownBy(() -> WireDurations.parse(bad))
          .as("'%s'", bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + bad + "'");
    }
  }
}
