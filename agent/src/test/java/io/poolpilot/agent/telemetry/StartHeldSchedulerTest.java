package io.poolpilot.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StartHeldSchedulerTest {
  private final AtomicBoolean startupOver = new AtomicBoolean();
  private final AtomicInteger asked = new AtomicInteger();
  private final StartHeldScheduler scheduler =
      new StartHeldScheduler(
          OtlpTelemetry.daemon("test-metrics"),
          () -> {
            asked.incrementAndGet();
            return startupOver.get();
          });

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  @Test
  void periodicRunsAreSkippedUntilStartUpIsOverThenRunEveryPeriod() {
    List<String> runs = new CopyOnWriteArrayList<>();
    scheduler.scheduleAtFixedRate(() -> runs.add("collect"), 0, 5, TimeUnit.MILLISECONDS);

    await().atMost(Duration.ofSeconds(10)).until(() -> asked.get() >= 3);
    assertThat(runs).isEmpty();

    startupOver.set(true);
    await().atMost(Duration.ofSeconds(10)).until(() -> runs.size() >= 2);
  }

  @Test
  void fixedDelayRunsAreHeldAlike() {
    List<String> runs = new CopyOnWriteArrayList<>();
    scheduler.scheduleWithFixedDelay(() -> runs.add("collect"), 0, 5, TimeUnit.MILLISECONDS);

    await().atMost(Duration.ofSeconds(10)).until(() -> asked.get() >= 3);
    assertThat(runs).isEmpty();

    startupOver.set(true);
    await().atMost(Duration.ofSeconds(10)).until(() -> !runs.isEmpty());
  }

  @Test
  void oneOffTasksSuchAsTheExportWatchdogAreNeverHeld() {
    AtomicBoolean ran = new AtomicBoolean();
    scheduler.schedule(() -> ran.set(true), 1, TimeUnit.MILLISECONDS);

    await().atMost(Duration.ofSeconds(10)).untilTrue(ran);
    assertThat(asked).hasValue(0);
  }

  @Test
  void atShutdownTasksNotYetDueAreDroppedSoTerminationDoesNotWaitForThem() throws Exception {
    AtomicBoolean ran = new AtomicBoolean();
    scheduler.schedule(() -> ran.set(true), 1, TimeUnit.HOURS);

    scheduler.shutdown();

    // The metric reader waits at most 5 s for termination at the JVM's exit; an hour-away task
    // (a control poll's back-off) kept by the default policy would use all of it.
    assertThat(scheduler.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    assertThat(ran).isFalse();
  }
}
