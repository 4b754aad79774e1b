package io.poolpilot.agent.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ControlBackoffTest {
  @Test
  void doublesFromOneSecondUpToThirtyWithoutJitter() {
    ControlBackoff backoff = new ControlBackoff(() -> 0.5);

    assertThat(backoff.after(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.after(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(backoff.after(3)).isEqualTo(Duration.ofSeconds(4));
    assertThat(backoff.after(5)).isEqualTo(Duration.ofSeconds(16));
    assertThat(backoff.after(6)).isEqualTo(Duration.ofSeconds(30));
    assertThat(backoff.after(1000)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void jitterStaysWithinTwentyPercent() {
    assertThat(new ControlBackoff(() -> 0.0).after(3)).isEqualTo(Duration.ofMillis(3200));
    assertThat(new ControlBackoff(() -> 0.999999).after(3).toMillis()).isEqualTo(4800);
  }
}
