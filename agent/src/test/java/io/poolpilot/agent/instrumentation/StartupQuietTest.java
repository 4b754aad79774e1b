package io.poolpilot.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StartupQuietTest {
  private final AtomicLong classes = new AtomicLong(1_000);
  private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
  private final StartupQuiet startup =
      new StartupQuiet(classes::get, nanos::get, Duration.ofSeconds(1), 50, Duration.ofSeconds(30));

  private void after(Duration elapsed, long classesLoaded) {
    nanos.addAndGet(elapsed.toNanos());
    classes.addAndGet(classesLoaded);
  }

  @Test
  void startUpGoesOnWhileClassesLoadFasterThanTheRate() {
    after(Duration.ofSeconds(1), 1_500);
    assertThat(startup.over()).isFalse();
    after(Duration.ofSeconds(1), 300);
    assertThat(startup.over()).isFalse();
  }

  @Test
  void startUpIsOverOnceAWindowLoadsFewerClassesThanTheRate() {
    after(Duration.ofSeconds(1), 1_500);
    assertThat(startup.over()).isFalse();
    after(Duration.ofSeconds(1), 49);
    assertThat(startup.over()).isTrue();
  }

  @Test
  void theRateIsPerSecondOverHoweverLongSinceTheLastLook() {
    after(Duration.ofSeconds(10), 600);
    assertThat(startup.over()).isFalse();
    after(Duration.ofSeconds(10), 400);
    assertThat(startup.over()).isTrue();
  }

  @Test
  void nothingIsDecidedBeforeAWholeWindowHasPassed() {
    after(Duration.ofMillis(999), 0);
    assertThat(startup.over()).isFalse();
    after(Duration.ofMillis(1), 0);
    assertThat(startup.over()).isTrue();
  }

  @Test
  void aBusyWindowIsMeasuredFromTheLastLookNotFromTheStart() {
    after(Duration.ofSeconds(1), 5_000);
    assertThat(startup.over()).isFalse();
    // Quiet since the last look: the 5,000 before it do not count against this window.
    after(Duration.ofSeconds(1), 10);
    assertThat(startup.over()).isTrue();
  }

  @Test
  void anApplicationThatNeverStopsLoadingClassesIsHeldAtMostMaxHold() {
    for (int second = 1; second < 30; second++) {
      after(Duration.ofSeconds(1), 1_000);
      assertThat(startup.over()).as("after %d s", second).isFalse();
    }
    after(Duration.ofSeconds(1), 1_000);
    assertThat(startup.over()).isTrue();
  }

  @Test
  void onceOverItStaysOverWhateverLoadsLater() {
    after(Duration.ofSeconds(1), 0);
    assertThat(startup.over()).isTrue();
    after(Duration.ofSeconds(1), 100_000);
    assertThat(startup.over()).isTrue();
  }

  @Test
  void aZeroWindowIsRefusedWithTheValuesGiven() {
    assertThatThrownBy(
            () -> new StartupQuiet(classes::get, nanos::get, Duration.ZERO, 50, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("window must be positive")
        .hasMessageContaining("PT0S");
  }
}
