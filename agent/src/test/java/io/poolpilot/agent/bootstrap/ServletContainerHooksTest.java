package io.poolpilot.agent.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Closeable;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.tomcat.util.threads.TaskQueue;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;
import org.eclipse.jetty.util.BlockingArrayQueue;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ReservedThreadExecutor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hooks the Tomcat and Jetty advice calls, called directly on real (unwoven) pool objects, as
 * in {@link ExecutorHooksTest}.
 */
class ServletContainerHooksTest {
  @BeforeAll
  static void startMeasuring() {
    ExecutorHooks.activate(null);
  }

  private static ThreadPoolExecutor tomcat() {
    TaskQueue queue = new TaskQueue();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 2, 1, TimeUnit.SECONDS, queue);
    queue.setParent(pool);
    // Built while the agent watched, as a Tomcat pool is (see ExecutorHooksTest's WATCHED).
    ExecutorHooks.probes().probeFor(pool, ConstructionSite.of("com.acme.Server", "init", 1));
    return pool;
  }

  @Test
  void tellsEachPoolsKindFromItsClassOrSuperclass() {
    assertThat(PoolKind.of(tomcat())).isEqualTo(PoolKind.TOMCAT);
    assertThat(PoolKind.of(new QueuedThreadPool())).isEqualTo(PoolKind.JETTY);
    assertThat(PoolKind.of(new QueuedThreadPool() {})).isEqualTo(PoolKind.JETTY);
    assertThat(
            PoolKind.of(
                new java.util.concurrent.ThreadPoolExecutor(
                    1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>())))
        .isEqualTo(PoolKind.JDK);
  }

  @Test
  void stampsTasksBoundForTomcatsAndJettysOwnQueues() {
    Runnable task = () -> {};

    assertThat(ExecutorHooks.submitted(tomcat(), task, new TaskQueue()))
        .isInstanceOf(TimedTask.class);
    assertThat(ExecutorHooks.jobSubmitted(task, new BlockingArrayQueue<>()))
        .isInstanceOf(TimedTask.class);
  }

  @Test
  void countsATomcatRejectionOnlyWhereItIsFinal() {
    ThreadPoolExecutor pool = tomcat();

    ExecutorHooks.executeThrew(pool, new IllegalStateException("not a rejection"));
    ExecutorHooks.executeThrew(pool, new RejectedExecutionException("queue full"));
    ExecutorHooks.rejectionHandled(pool);

    assertThat(ExecutorHooks.probes().find(pool).rejectedCount()).isEqualTo(2);
  }

  @Test
  void neverStampsJettysOwnLongRunningJobsOrCloseableJobs() throws Exception {
    class ClosingJob implements Runnable, Closeable {
      @Override
      public void run() {}

      @Override
      public void close() {}
    }
    ReservedThreadExecutor executor = new ReservedThreadExecutor(Runnable::run, 1);
    Constructor<?> constructor =
        Class.forName("org.eclipse.jetty.util.thread.ReservedThreadExecutor$ReservedThread")
            .getDeclaredConstructor(ReservedThreadExecutor.class);
    constructor.setAccessible(true);
    Runnable reserved = (Runnable) constructor.newInstance(executor);
    Runnable closing = new ClosingJob();

    assertThat(ExecutorHooks.jobSubmitted(closing, new BlockingArrayQueue<>())).isSameAs(closing);
    assertThat(ExecutorHooks.jobSubmitted(reserved, new BlockingArrayQueue<>())).isSameAs(reserved);
    assertThat(JettyJobs.isInternal(reserved)).isTrue();
    assertThat(
            JettyJobs.isInternal(
                new Runnable() {
                  @Override
                  public void run() {}
                }))
        .isFalse();
  }

  @Test
  void theNoOpJobsOfAStoppingJettyPoolAreItsOwn() throws Exception {
    Field noop = QueuedThreadPool.class.getDeclaredField("NOOP");
    noop.setAccessible(true);
    Runnable wakeUp = (Runnable) noop.get(null);

    assertThat(JettyJobs.isInternal(wakeUp)).isTrue();
  }

  @Test
  void jettyJobIsHandedOutUnwrappedAndTimed() throws Exception {
    QueuedThreadPool pool = new QueuedThreadPool();
    Runnable job = () -> {};
    Runnable queued = ExecutorHooks.jobSubmitted(job, new BlockingArrayQueue<>());
    AtomicReference<Runnable> handedOut = new AtomicReference<>();
    AtomicReference<WorkerTimings> afterExit = new AtomicReference<>();

    Thread runner =
        new Thread(
            () -> {
              handedOut.set(ExecutorHooks.jobStarting(pool, queued));
              ExecutorHooks.jobFinished();
              ExecutorHooks.workerExiting();
              afterExit.set(ExecutorHooks.currentWorker());
            },
            "jetty-worker-17");
    runner.start();
    runner.join();

    assertThat(handedOut.get()).isSameAs(job);
    assertThat(afterExit.get()).isNull();
    PoolProbe probe = ExecutorHooks.probes().find(pool);
    assertThat(probe.kind()).isEqualTo(PoolKind.JETTY);
    assertThat(probe.threadName()).isEqualTo("jetty-worker-17");
    assertThat(probe.queueWaits().histogram().totalCount()).isEqualTo(1);
    assertThat(probe.durations().histogram().totalCount()).isEqualTo(1);
  }
}
