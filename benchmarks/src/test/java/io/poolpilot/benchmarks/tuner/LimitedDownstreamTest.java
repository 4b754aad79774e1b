package io.poolpilot.benchmarks.tuner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LimitedDownstreamTest {
  private final LimitedDownstream downstream = new LimitedDownstream(3, 60_000);
  private final List<Thread> callers = new ArrayList<>();

  @AfterEach
  void stopCallers() throws InterruptedException {
    for (Thread caller : callers) {
      caller.interrupt();
      caller.join();
    }
  }

  private void callInBackground() {
    Thread caller =
        new Thread(
            () -> {
              try {
                downstream.call();
              } catch (InterruptedException stopped) {
                // the test is over
              }
            });
    callers.add(caller);
    caller.start();
  }

  @Test
  void nStarCallsRunAtOnceAndTheNextWaitsForASlot() {
    for (int i = 0; i < 3; i++) {
      callInBackground();
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> downstream.freeSlots() == 0);
    assertThat(downstream.waiting()).isZero();

    callInBackground();

    await().atMost(Duration.ofSeconds(30)).until(() -> downstream.waiting() == 1);
    assertThat(downstream.freeSlots()).isZero();
  }

  @Test
  void refusesANonsensicalLimit() {
    assertThatThrownBy(() -> new LimitedDownstream(0, 25)).hasMessageContaining("nStar=0");
  }
}
