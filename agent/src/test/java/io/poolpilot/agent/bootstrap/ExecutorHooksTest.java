package io.poolpilot.agent.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hooks called directly, as the woven advice would call them, with no agent attached. Measuring
 * is switched on once for the whole JVM: nothing in this process is woven, so only these direct
 * calls ever reach the hooks.
 */
class ExecutorHooksTest {
  /** A pool the agent saw being built, as every pool built after start-up is. */
  private static final ThreadPoolExecutor WATCHED =
      new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());

  @BeforeAll
  static void startMeasuring() {
    ExecutorHooks.activate(null);
    ExecutorHooks.probes().probeFor(WATCHED, ConstructionSite.of("com.acme.Test", "init", 1));
    assertThat(ExecutorHooks.measuring()).isTrue();
  }

  @Test
  void doesNotWrapForAPoolWhoseWorkerWasWaitingInTheOldCodeAtStartUp() throws Exception {
    ThreadPoolExecutor early =
        new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
    try {
      early.prestartAllCoreThreads();
      org.awaitility.Awaitility.await()
          .until(
              () ->
                  Thread.getAllStackTraces().values().stream()
                      .anyMatch(
                          stack ->
                              Arrays.stream(stack)
                                  .anyMatch(f -> f.getMethodName().equals("getTask"))));
      ExecutorHooks.activate(null);
      Runnable task = new Job(7);

      assertThat(ExecutorHooks.submitted(early, task, new LinkedBlockingQueue<>())).isSameAs(task);
      assertThat(ExecutorHooks.submitted(WATCHED, task, new LinkedBlockingQueue<>()))
          .isInstanceOf(TimedTask.class);
    } finally {
      early.shutdownNow();
    }
  }

  /** Equal to every other {@code Job} of the same id, as an application's task may be. */
  private static final class Job implements Runnable, Comparable<Job> {
    final int id;

    Job(int id) {
      this.id = id;
    }

    @Override
    public void run() {}

    @Override
    public boolean equals(Object other) {
      return other instanceof Job && ((Job) other).id == id;
    }

    @Override
    public int hashCode() {
      return Objects.hash(id);
    }

    @Override
    public int compareTo(Job other) {
      return Integer.compare(id, other.id);
    }
  }

  private static List<BlockingQueue<Runnable>> fifoQueues() {
    return List.of(
        new LinkedBlockingQueue<>(),
        new LinkedBlockingQueue<>(10),
        new ArrayBlockingQueue<>(10),
        new SynchronousQueue<>(),
        new SynchronousQueue<>(true),
        new LinkedBlockingDeque<>(),
        new LinkedTransferQueue<>());
  }

  @Test
  void submittedWrapsTasksBoundForFifoQueues() {
    Runnable task = new Job(1);
    for (BlockingQueue<Runnable> queue : fifoQueues()) {
      Runnable submitted = ExecutorHooks.submitted(WATCHED, task, queue);

      assertThat(submitted)
          .as(queue.getClass().getSimpleName())
          .isInstanceOf(TimedTask.class)
          .isNotSameAs(task);
      assertThat(ExecutorHooks.unwrap(submitted)).isSameAs(task);
    }
  }

  @Test
  void submittedStampsTheSubmitTime() {
    long before = System.nanoTime();
    TimedTask submitted =
        (TimedTask) ExecutorHooks.submitted(WATCHED, new Job(1), new LinkedBlockingQueue<>());
    long after = System.nanoTime();

    assertThat(submitted.submittedAt()).isBetween(before, after);
  }

  @Test
  void submittedNeverWrapsTasksBoundForAPriorityQueue() {
    Job task = new Job(1);

    assertThat(ExecutorHooks.submitted(WATCHED, task, new PriorityBlockingQueue<>()))
        .isSameAs(task);
  }

  @Test
  void submittedNeverWrapsTasksBoundForAScheduledPoolsDelayQueue() {
    ScheduledThreadPoolExecutor scheduled = new ScheduledThreadPoolExecutor(1);
    try {
      Job task = new Job(1);

      assertThat(ExecutorHooks.submitted(WATCHED, task, scheduled.getQueue())).isSameAs(task);
    } finally {
      scheduled.shutdownNow();
    }
  }

  @Test
  void submittedLeavesNullAndAlreadyWrappedTasksAlone() {
    BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    Runnable once = ExecutorHooks.submitted(WATCHED, new Job(1), queue);

    assertThat(ExecutorHooks.submitted(WATCHED, null, queue)).isNull();
    assertThat(ExecutorHooks.submitted(WATCHED, once, queue)).isSameAs(once);
  }

  @Test
  void aFutureTaskStaysAFutureOnceWrapped() {
    FutureTask<String> future = new FutureTask<>(() -> "done");

    Runnable wrapped = ExecutorHooks.submitted(WATCHED, future, new LinkedBlockingQueue<>());

    assertThat(wrapped).isInstanceOf(TimedTask.class).isInstanceOf(RunnableFuture.class);
    Future<?> asFuture = (Future<?>) wrapped;
    assertThat(asFuture.isCancelled()).isFalse();
    future.cancel(false);
    assertThat(asFuture.isCancelled()).isTrue();
    assertThat(asFuture.isDone()).isTrue();
  }

  @Test
  void cancellingThroughTheWrapperCancelsTheApplicationsFuture() throws Exception {
    FutureTask<String> future = new FutureTask<>(() -> "done");
    Future<?> wrapped =
        (Future<?>) ExecutorHooks.submitted(WATCHED, future, new LinkedBlockingQueue<>());

    assertThat(wrapped.cancel(false)).isTrue();
    assertThat(future.isCancelled()).isTrue();
  }

  @Test
  void wrappedFutureDeliversTheResultOnceRun() throws Exception {
    FutureTask<String> future = new FutureTask<>(() -> "done");
    Runnable wrapped = ExecutorHooks.submitted(WATCHED, future, new LinkedBlockingQueue<>());

    wrapped.run();

    assertThat(((Future<?>) wrapped).get()).isEqualTo("done");
    assertThat(((Future<?>) wrapped).get(1, TimeUnit.SECONDS)).isEqualTo("done");
    assertThat(future.get()).isEqualTo("done");
  }

  @Test
  void purgeFindsACancelledFutureWaitingInTheQueueAsAWrapper() {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
    try {
      FutureTask<String> future = new FutureTask<>(() -> "done");
      Runnable wrapped = ExecutorHooks.submitted(WATCHED, future, pool.getQueue());
      pool.getQueue().add(wrapped);
      future.cancel(false);

      pool.purge();

      assertThat(pool.getQueue()).isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void queuedFormOfFindsTheWrapperOfAnEqualTask() {
    BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    Runnable other = ExecutorHooks.submitted(WATCHED, new Job(1), queue);
    Runnable wrapped = ExecutorHooks.submitted(WATCHED, new Job(2), queue);
    queue.add(other);
    queue.add(wrapped);

    Runnable queued = ExecutorHooks.queuedFormOf(queue, new Job(2));

    assertThat(queued).isSameAs(wrapped);
    assertThat(queue.remove(queued)).isTrue();
    assertThat(queue).containsExactly(other);
  }

  @Test
  void queuedFormOfReturnsTheTaskItselfWhenNoWrapperHoldsIt() {
    BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    Job plain = new Job(3);
    queue.add(plain);
    queue.add(ExecutorHooks.submitted(WATCHED, new Job(1), queue));
    Job absent = new Job(9);

    assertThat(ExecutorHooks.queuedFormOf(queue, plain)).isSameAs(plain);
    assertThat(ExecutorHooks.queuedFormOf(queue, absent)).isSameAs(absent);
    assertThat(ExecutorHooks.queuedFormOf(queue, null)).isNull();
  }

  @Test
  void queuedFormOfNeverScansAQueueWhoseTasksAreNeverWrapped() {
    BlockingQueue<Runnable> unscannable =
        new PriorityBlockingQueue<>() {
          @Override
          public java.util.Iterator<Runnable> iterator() {
            throw new AssertionError("scanned a queue the agent never wraps");
          }
        };
    Job task = new Job(1);
    unscannable.add(task);

    assertThat(ExecutorHooks.queuedFormOf(unscannable, task)).isSameAs(task);
  }

  @Test
  void queuedFormOfLeavesAWrapperAsItIs() {
    BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    Runnable wrapped = ExecutorHooks.submitted(WATCHED, new Job(1), queue);

    assertThat(ExecutorHooks.queuedFormOf(queue, wrapped)).isSameAs(wrapped);
  }

  @Test
  void unwrapAllReplacesEveryWrapperByTheApplicationsTask() {
    BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    Job a = new Job(1);
    Job b = new Job(2);
    FutureTask<String> c = new FutureTask<>(() -> "c");
    List<Runnable> drained =
        new ArrayList<>(
            Arrays.asList(
                ExecutorHooks.submitted(WATCHED, a, queue),
                b,
                ExecutorHooks.submitted(WATCHED, c, queue)));

    ExecutorHooks.unwrapAll(drained);

    assertThat(drained).containsExactly(a, b, c);
    assertThat(drained.get(0)).isSameAs(a);
    assertThat(drained.get(2)).isSameAs(c);
  }

  @Test
  void unwrapAllAcceptsNullAndEmptyLists() {
    ExecutorHooks.unwrapAll(null);
    List<Runnable> empty = new ArrayList<>();
    ExecutorHooks.unwrapAll(empty);

    assertThat(empty).isEmpty();
  }

  @Test
  void unwrapLeavesPlainTasksAndNullAlone() {
    Job plain = new Job(1);

    assertThat(ExecutorHooks.unwrap(plain)).isSameAs(plain);
    assertThat(ExecutorHooks.unwrap(null)).isNull();
  }

  @Test
  void oneTaskObjectSubmittedManyTimesIsWrappedEachTime() {
    Runnable shared = () -> {};
    BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();

    List<Runnable> wrappers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      wrappers.add(ExecutorHooks.submitted(WATCHED, shared, queue));
    }

    assertThat(wrappers).doesNotHaveDuplicates().allMatch(w -> w instanceof TimedTask);
    assertThat(wrappers).allMatch(w -> ExecutorHooks.unwrap(w) == shared);
  }

  @Test
  void oneTaskObjectSubmittedManyTimesIsMeasuredEachTime() throws Exception {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(1, 2, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
    Runnable shared = () -> {};
    List<Runnable> wrappers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      wrappers.add(ExecutorHooks.submitted(WATCHED, shared, pool.getQueue()));
    }
    List<Runnable> handedOut = new ArrayList<>();

    Thread worker =
        new Thread(
            () -> {
              // What a worker's getTask advice does for each task it takes, then on its way out.
              for (Runnable wrapper : wrappers) {
                WorkerTimings timings = ExecutorHooks.taskFinishing();
                handedOut.add(ExecutorHooks.taskTaken(pool, timings, wrapper));
              }
              ExecutorHooks.taskFinishing();
              ExecutorHooks.workerExiting();
            },
            "shared-task-worker-1");
    worker.start();
    worker.join();

    PoolProbe probe = ExecutorHooks.probes().find(pool);
    assertThat(handedOut).hasSize(5).allMatch(task -> task == shared);
    assertThat(probe.threadName()).isEqualTo("shared-task-worker-1");
    assertThat(probe.queueWaits().histogram().totalCount()).isEqualTo(5);
    assertThat(probe.durations().histogram().totalCount()).isEqualTo(5);
  }

  @Test
  void aBusyWorkersNextTaskStartsAtTheClockReadingThatEndedThePreviousOne() throws Exception {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(1, 2, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
    BlockingQueue<Runnable> queue = pool.getQueue();
    TimedTask first = (TimedTask) ExecutorHooks.submitted(WATCHED, new Job(1), queue);
    TimedTask second = (TimedTask) ExecutorHooks.submitted(WATCHED, new Job(2), queue);
    queue.add(second);
    AtomicReference<Long> secondStart = new AtomicReference<>();
    AtomicReference<Long> secondWait = new AtomicReference<>();
    AtomicReference<Long> firstEnd = new AtomicReference<>();

    Thread worker =
        new Thread(
            () -> {
              ExecutorHooks.taskTaken(pool, ExecutorHooks.taskFinishing(queue), first);
              // The second task waits in the queue when the first one ends.
              WorkerTimings timings = ExecutorHooks.taskFinishing(queue);
              firstEnd.set(timings.previousEnd());
              ExecutorHooks.taskTaken(pool, timings, queue.poll());
              secondStart.set(timings.taskStartedAt);
              secondWait.set(timings.currentQueueWait());
              ExecutorHooks.taskFinishing(queue);
              ExecutorHooks.workerExiting();
            },
            "busy-worker-1");
    worker.start();
    worker.join();

    assertThat(secondStart.get()).isEqualTo(firstEnd.get());
    assertThat(secondWait.get()).isEqualTo(firstEnd.get() - second.submittedAt());
    PoolProbe probe = ExecutorHooks.probes().find(pool);
    assertThat(probe.queueWaits().histogram().totalCount()).isEqualTo(2);
    assertThat(probe.durations().histogram().totalCount()).isEqualTo(2);
  }

  @Test
  void aWorkerThatFoundTheQueueEmptyReadsTheClockForItsNextTask() throws Exception {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(1, 2, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
    BlockingQueue<Runnable> queue = pool.getQueue();
    TimedTask first = (TimedTask) ExecutorHooks.submitted(WATCHED, new Job(1), queue);
    // Stamped before the first task ends, but queued only after: the worker would have waited.
    TimedTask second = (TimedTask) ExecutorHooks.submitted(WATCHED, new Job(2), queue);
    AtomicReference<Long> secondStart = new AtomicReference<>();
    AtomicReference<Long> firstEnd = new AtomicReference<>();

    Thread worker =
        new Thread(
            () -> {
              ExecutorHooks.taskTaken(pool, ExecutorHooks.taskFinishing(queue), first);
              WorkerTimings timings = ExecutorHooks.taskFinishing(queue);
              firstEnd.set(timings.previousEnd());
              queue.add(second);
              ExecutorHooks.taskTaken(pool, timings, queue.poll());
              secondStart.set(timings.taskStartedAt);
              ExecutorHooks.workerExiting();
            },
            "idle-worker-1");
    worker.start();
    worker.join();

    assertThat(second.submittedAt()).isLessThan(firstEnd.get());
    assertThat(secondStart.get()).isGreaterThan(firstEnd.get());
  }

  @Test
  void onlyQueuesThatCountWithoutALockAreAskedWhetherTheyHoldWork() {
    Runnable task = new Job(1);
    BlockingQueue<Runnable> linked = new LinkedBlockingQueue<>();
    BlockingQueue<Runnable> array = new ArrayBlockingQueue<>(4);

    assertThat(ExecutorHooks.holdsWork(linked)).isFalse();
    linked.add(task);
    array.add(task);

    assertThat(ExecutorHooks.holdsWork(linked)).isTrue();
    assertThat(ExecutorHooks.holdsWork(array)).isFalse();
    assertThat(ExecutorHooks.holdsWork(new SynchronousQueue<>())).isFalse();
  }

  @Test
  void workerStartingHandsOutTheFirstTaskUnwrappedAndTimesIt() throws Exception {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(1, 2, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
    Job first = new Job(1);
    Runnable wrapped = ExecutorHooks.submitted(WATCHED, first, pool.getQueue());
    AtomicReference<Runnable> handedOut = new AtomicReference<>();
    AtomicReference<WorkerTimings> current = new AtomicReference<>();
    AtomicReference<WorkerTimings> afterExit = new AtomicReference<>();

    Thread worker =
        new Thread(
            () -> {
              handedOut.set(ExecutorHooks.workerStarting(pool, wrapped));
              current.set(ExecutorHooks.currentWorker());
              ExecutorHooks.taskFinishing();
              ExecutorHooks.workerExiting();
              afterExit.set(ExecutorHooks.currentWorker());
            },
            "first-task-worker-1");
    worker.start();
    worker.join();

    assertThat(handedOut.get()).isSameAs(first);
    assertThat(afterExit.get()).isNull();
    assertThat(current.get().probe()).isSameAs(ExecutorHooks.probes().find(pool));
    PoolProbe probe = ExecutorHooks.probes().find(pool);
    assertThat(probe.queueWaits().histogram().totalCount()).isEqualTo(1);
    assertThat(probe.durations().histogram().totalCount()).isEqualTo(1);
  }

  @Test
  void taskTakenPassesTheEndOfTheQueueThrough() {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(1, 2, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>());

    assertThat(ExecutorHooks.taskTaken(pool, null, null)).isNull();
  }

  @Test
  void rejectedCountsTheRejectionAndHandsBackTheApplicationsTask() {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1));
    Job task = new Job(1);

    Runnable forHandler =
        ExecutorHooks.rejected(pool, ExecutorHooks.submitted(WATCHED, task, pool.getQueue()));
    ExecutorHooks.rejected(pool, task);

    assertThat(forHandler).isSameAs(task);
    assertThat(ExecutorHooks.probes().find(pool).rejectedCount()).isEqualTo(2);
  }

  @Test
  void fifoQueueTypesAreOpaqueAndOrderedOnesAreNot() {
    for (BlockingQueue<Runnable> queue : fifoQueues()) {
      assertThat(ExecutorHooks.treatsTasksOpaquely(queue)).as(queue.getClass().getName()).isTrue();
    }
    assertThat(ExecutorHooks.treatsTasksOpaquely(new PriorityBlockingQueue<Runnable>())).isFalse();
    assertThat(ExecutorHooks.treatsTasksOpaquely(new java.util.concurrent.DelayQueue<>()))
        .isFalse();
  }

  @Test
  void neverWrapsForASubclassOfAJdkQueueWhichMightLookAtItsTasks() {
    BlockingQueue<Runnable> coalescing =
        new LinkedBlockingQueue<>() {
          @Override
          public boolean offer(Runnable task) {
            return contains(task) || super.offer(task);
          }
        };
    Runnable task = new Job(3);

    assertThat(ExecutorHooks.submitted(WATCHED, task, coalescing)).isSameAs(task);
  }
}
