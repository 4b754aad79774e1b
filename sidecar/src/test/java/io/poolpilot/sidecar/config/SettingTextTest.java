package io.poolpilot.sidecar.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SettingTextTest {

  @Test
  void writesDurationsInTheLargestWholeUnitTheParserReads() {
    assertThat(SettingText.duration(Duration.ofMinutes(2))).isEqualTo("2m");
    assertThat(SettingText.duration(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(SettingText.duration(Duration.ofMillis(1500))).isEqualTo("1500ms");
    for (Duration duration : new Duration[] {Duration.ofSeconds(1), Duration.ofMillis(250)}) {
      assertThat(ValueParsers.duration(SettingText.duration(duration))).isEqualTo(duration);
    }
  }

  @Test
  void writesSizesInTheLargestWholeUnitTheParserReads() {
    assertThat(SettingText.bytes(16L << 20)).isEqualTo("16MiB");
    assertThat(SettingText.bytes(1L << 30)).isEqualTo("1GiB");
    assertThat(SettingText.bytes(1536)).isEqualTo("1536");
    assertThat(ValueParsers.bytes(SettingText.bytes(3L << 10))).isEqualTo(3L << 10);
  }
}
