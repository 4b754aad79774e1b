package io.poolpilot.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void parsesEveryUnit() {
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("1s")).isEqualTo(Duration.ofSeconds(1));
    assertThat(Durations.parse("10m")).isEqualTo(Duration.ofMinutes(10));
    assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(Durations.parse("0s")).isEqualTo(Duration.ZERO);
  }

  @Test
  void toleratesSpacesAndUpperCase() {
    assertThat(Durations.parse(" 5 S ")).isEqualTo(Duration.ofSeconds(5));
    assertThat(Durations.parse("250MS")).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void rejectsAnythingElseNamingTheValue() {
    for (String bad : List.of("", "1", "s", "1d", "-1s", "1.5s", "1 s s", "ten seconds", "1sec")) {
      assertThatIllegalArgumentException()
          .as("'%s'", bad)
          .isThrownBy(() -> Durations.parse(bad))
          .withMessageContaining("'" + bad + "'");
    }
  }

  @Test
  void aNumberTooLargeForALongIsRejectedNamingIt() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Durations.parse("99999999999999999999s"))
        .withMessageContaining("99999999999999999999");
  }

  @Test
  void anAmountThatOverflowsADurationIsRejectedAsAnIllegalArgumentNamingTheValue() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Durations.parse("9223372036854775807h"))
        .withMessageContaining("9223372036854775807h");
  }

  @Test
  void formatsInTheLargestUnitThatIsExact() {
    assertThat(Durations.format(Duration.ofMillis(500))).isEqualTo("500ms");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(Durations.format(Duration.ofSeconds(1))).isEqualTo("1s");
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(Durations.format(Duration.ofMinutes(10))).isEqualTo("10m");
    assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("90m");
    assertThat(Durations.format(Duration.ofHours(2))).isEqualTo("2h");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
  }

  @Test
  void formattedDurationsParseBackToThemselves() {
    for (Duration d :
        List.of(
            Duration.ZERO,
            Duration.ofMillis(1),
            Duration.ofMillis(100),
            Duration.ofMillis(61_001),
            Duration.ofSeconds(59),
            Duration.ofSeconds(3_600),
            Duration.ofMinutes(61),
            Duration.ofHours(48))) {
      assertThat(Durations.parse(Durations.format(d))).as("%s", d).isEqualTo(d);
    }
  }
}
