package io.poolpilot.benchmarks.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LaunchPrefixTest {

  @Test
  void pinsOnlyWhenNothingElseIsAsked() {
    assertThat(new LaunchPrefix(false, null).before("0")).containsExactly("taskset", "-c", "0");
    assertThat(new LaunchPrefix(false, null).before(null)).isEmpty();
  }

  @Test
  void leavesRealTimeThenOpensASessionWithItsAutogroupNiceThenPins() {
    assertThat(new LaunchPrefix(true, -10).before("0"))
        .containsExactly(
            "chrt",
            "-o",
            "0",
            "setsid",
            "sh",
            "-c",
            "echo -10 > /proc/self/autogroup && exec \"$@\"",
            "sh",
            "taskset",
            "-c",
            "0");
  }

  @Test
  void rejectsNiceValuesLinuxDoesNotHave() {
    assertThatThrownBy(() -> new LaunchPrefix(false, -21))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-20..19");
  }
}
