package io.poolpilot.sidecar.forward;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private static final Duration SECOND = Duration.ofSeconds(1);

  @Test
  void doublesFromTheInitialDelayUpToTheMaximum() {
    Backoff top = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), () -> 0.999999);

    assertThat(top.delay(1, Optional.empty()))
        .isBetween(Duration.ofMillis(499), Duration.ofMillis(500));
    assertThat(top.delay(2, Optional.empty())).isBetween(Duration.ofMillis(999), SECOND);
    assertThat(top.delay(4, Optional.empty()))
        .isBetween(Duration.ofMillis(3999), Duration.ofSeconds(4));
    assertThat(top.delay(20, Optional.empty()))
        .isBetween(Duration.ofMillis(29_999), Duration.ofSeconds(30));
    assertThat(top.delay(10_000, Optional.empty())).isLessThanOrEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void jitterKeepsAtLeastHalfTheDelay() {
    Backoff bottom = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), () -> 0.0);

    assertThat(bottom.delay(3, Optional.empty())).isEqualTo(SECOND);
  }

  @Test
  void takesRetryAfterAtItsWordUpToFiveMinutes() {
    Backoff backoff = Backoff.defaults();

    assertThat(backoff.delay(1, Optional.of(Duration.ofSeconds(7))))
        .isEqualTo(Duration.ofSeconds(7));
    assertThat(backoff.delay(1, Optional.of(Duration.ofHours(3)))).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void readsRetryAfterAsSecondsOrAsAnHttpDate() {
    Instant now = Instant.parse("2026-11-27T07:00:00Z");

    assertThat(Backoff.retryAfter("120", now)).hasValue(Duration.ofMinutes(2));
    assertThat(Backoff.retryAfter("Fri, 27 Nov 2026 07:00:30 GMT", now))
        .hasValue(Duration.ofSeconds(30));
    assertThat(Backoff.retryAfter("Fri, 27 Nov 2026 06:00:00 GMT", now)).hasValue(Duration.ZERO);
    assertThat(Backoff.retryAfter("soon", now)).isEmpty();
    assertThat(Backoff.retryAfter(null, now)).isEmpty();
  }
}
