package io.poolpilot.sidecar.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValueParsersTest {

  @Test
  void durationsAreWholeMillisecondsSecondsOrMinutes() {
    assertThat(ValueParsers.duration("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(ValueParsers.duration("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(ValueParsers.duration("2m")).isEqualTo(Duration.ofMinutes(2));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0s", "0ms", "1h", "1.5s", "-1s", "5", "s", "5 s", ""})
  void refusesDurationsThatAreZeroFractionalOrInAnotherUnit(String value) {
    assertThatThrownBy(() -> ValueParsers.duration(value))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sizesAreBytesUnlessABinaryUnitFollows() {
    assertThat(ValueParsers.bytes("1048576")).isEqualTo(1L << 20);
    assertThat(ValueParsers.bytes("512B")).isEqualTo(512);
    assertThat(ValueParsers.bytes("64KiB")).isEqualTo(64L << 10);
    assertThat(ValueParsers.bytes("16 MiB")).isEqualTo(16L << 20);
    assertThat(ValueParsers.bytes("2GiB")).isEqualTo(2L << 30);
  }

  @Test
  void refusesSizesInDecimalUnitsOrTooLargeToCount() {
    assertThatThrownBy(() -> ValueParsers.bytes("16MB")).isInstanceOf(RuntimeException.class);
    assertThatThrownBy(() -> ValueParsers.bytes("1.5MiB")).isInstanceOf(RuntimeException.class);
    assertThatThrownBy(() -> ValueParsers.bytes("9999999999GiB"))
        .isInstanceOf(ArithmeticException.class);
  }

  @Test
  void portsRunFromZeroTo65535() {
    assertThat(ValueParsers.port("0")).isZero();
    assertThat(ValueParsers.port("65535")).isEqualTo(65535);
    assertThatThrownBy(() -> ValueParsers.port("65536")).isInstanceOf(RuntimeException.class);
    assertThatThrownBy(() -> ValueParsers.port("-1")).isInstanceOf(RuntimeException.class);
  }

  @Test
  void booleansAreTrueOrFalseInAnyCaseAndNothingElse() {
    assertThat(ValueParsers.bool("TRUE")).isTrue();
    assertThat(ValueParsers.bool("False")).isFalse();
    assertThatThrownBy(() -> ValueParsers.bool("yes")).isInstanceOf(RuntimeException.class);
    assertThatThrownBy(() -> ValueParsers.bool("1")).isInstanceOf(RuntimeException.class);
  }

  @Test
  void fractionsLieAboveZeroAndAtMostOne() {
    assertThat(ValueParsers.fraction("1")).isEqualTo(1.0);
    assertThat(ValueParsers.fraction("0.25")).isEqualTo(0.25);
    assertThatThrownBy(() -> ValueParsers.fraction("0")).isInstanceOf(RuntimeException.class);
    assertThatThrownBy(() -> ValueParsers.fraction("1.01")).isInstanceOf(RuntimeException.class);
    assertThatThrownBy(() -> ValueParsers.fraction("NaN")).isInstanceOf(RuntimeException.class);
  }

  @Test
  void wholeNumbersStartAtOne() {
    assertThat(ValueParsers.positiveWhole("1")).isEqualTo(1);
    assertThatThrownBy(() -> ValueParsers.positiveWhole("0")).isInstanceOf(RuntimeException.class);
    assertThatThrownBy(() -> ValueParsers.positiveWhole("2.0"))
        .isInstanceOf(RuntimeException.class);
  }

  @Test
  void hostsAndPathsMustNotBeEmptyAndHostsNotContainSpaces() {
    assertThat(ValueParsers.host("::1")).isEqualTo("::1");
    assertThat(ValueParsers.path("data/dir")).isEqualTo(Path.of("data/dir"));
    assertThatThrownBy(() -> ValueParsers.host("")).isInstanceOf(RuntimeException.class);
    assertThatThrownBy(() -> ValueParsers.host("my host")).isInstanceOf(RuntimeException.class);
    assertThatThrownBy(() -> ValueParsers.path("")).isInstanceOf(RuntimeException.class);
  }

  @Test
  void commaListsKeepEmptyItemsForTheCallerToJudge() {
    assertThat(ValueParsers.commaSeparated("a, b,,")).containsExactly("a", " b", "", "");
  }

  @Test
  void whitespaceListsSplitOnAnyRunOfBlanks() {
    assertThat(ValueParsers.whitespaceSeparated("  scale.sh {service} \t {replicas} "))
        .containsExactly("scale.sh", "{service}", "{replicas}");
  }
}
