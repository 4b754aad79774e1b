package io.poolpilot.agent.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The clock-reuse rule: a worker's next task starts at the previous task's end only when the queue
 * already held work at that end and the task was submitted no later than it. Times are given, not
 * read from a clock.
 */
class WorkerTimingsTest {
  private final WorkerTimings worker = new PoolProbes().probeFor(new Object(), null).newWorker();

  @Test
  void nextTaskMayStartAtThePreviousEndWhenWorkWasQueuedAndSubmittedBeforeIt() {
    worker.taskStarted(1_000, 0);
    worker.taskEnded(5_000, true);

    assertThat(worker.mayStartAtPreviousEnd(4_000)).isTrue();
    assertThat(worker.previousEnd()).isEqualTo(5_000);
  }

  @Test
  void aTaskSubmittedAtTheVeryEndMayStillStartThere() {
    worker.taskStarted(1_000, 0);
    worker.taskEnded(5_000, true);

    assertThat(worker.mayStartAtPreviousEnd(5_000)).isTrue();
  }

  @Test
  void readsTheClockWhenTheQueueWasEmptyAtTheEnd() {
    worker.taskStarted(1_000, 0);
    worker.taskEnded(5_000, false);

    assertThat(worker.mayStartAtPreviousEnd(4_000)).isFalse();
  }

  @Test
  void readsTheClockForATaskSubmittedAfterThePreviousEnd() {
    worker.taskStarted(1_000, 0);
    worker.taskEnded(5_000, true);

    assertThat(worker.mayStartAtPreviousEnd(5_001)).isFalse();
  }

  @Test
  void comparesAcrossTheClocksWrapAround() {
    worker.taskStarted(Long.MAX_VALUE - 10, 0);
    worker.taskEnded(Long.MIN_VALUE + 10, true);

    assertThat(worker.mayStartAtPreviousEnd(Long.MAX_VALUE - 5)).isTrue();
  }

  @Test
  void onePreviousEndStartsOneTaskAtMost() {
    worker.taskStarted(1_000, 0);
    worker.taskEnded(5_000, true);

    assertThat(worker.mayStartAtPreviousEnd(4_000)).isTrue();
    assertThat(worker.mayStartAtPreviousEnd(4_000)).isFalse();
  }

  @Test
  void aTaskStartedOtherwiseUsesUpThePreviousEnd() {
    worker.taskStarted(1_000, 0);
    worker.taskEnded(5_000, true);
    worker.taskStarted(9_000, 100);

    assertThat(worker.mayStartAtPreviousEnd(4_000)).isFalse();
  }

  @Test
  void anIdleWorkerHasNoPreviousEndToReuse() {
    worker.taskEnded(5_000, true);

    assertThat(worker.mayStartAtPreviousEnd(4_000)).isFalse();
    assertThat(worker.probe().durations().histogram().totalCount()).isZero();
  }

  @Test
  void endingWithWorkQueuedStillRecordsTheRunTime() {
    worker.taskStarted(1_000, 0);
    worker.taskEnded(5_000, true);

    assertThat(worker.probe().durations().histogram().totalCount()).isEqualTo(1);
    assertThat(worker.currentQueueWait()).isEqualTo(-1);
  }
}
