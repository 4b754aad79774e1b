package io.poolpilot.agent.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.poolpilot.agent.bootstrap.BootstrapTestAccess;
import io.poolpilot.agent.bootstrap.ConstructionSite;
import io.poolpilot.agent.bootstrap.PoolProbe;
import io.poolpilot.agent.bootstrap.PoolProbes;
import io.poolpilot.agent.config.AgentConfig.Mode;
import io.poolpilot.agent.config.AgentConfig.ResizeBounds;
import io.poolpilot.protocol.control.ApplyResult;
import io.poolpilot.protocol.control.ControlProtocol;
import io.poolpilot.protocol.control.PoolSizes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PoolResizerTest {
  private static final ConstructionSite SITE = ConstructionSite.of("com.acme.Foo", "init", 12);

  private final PoolProbes probes = new PoolProbes();
  private final PoolRegistry registry = new PoolRegistry(probes);
  private final PoolResizer resizer = new PoolResizer(registry, Mode.TUNE, new ResizeBounds(1, 64));
  private final List<ThreadPoolExecutor> made = new ArrayList<>();

  /** Records every size change and the sizes right after it. */
  private static final class RecordingPool extends ThreadPoolExecutor {
    final List<String> calls = new ArrayList<>();
    final List<int[]> afterEachCall = new ArrayList<>();

    RecordingPool(int core, int max, BlockingQueue<Runnable> queue) {
      super(core, max, 30, TimeUnit.SECONDS, queue);
    }

    @Override
    public void setCorePoolSize(int core) {
      calls.add("core=" + core);
      super.setCorePoolSize(core);
      afterEachCall.add(new int[] {getCorePoolSize(), getMaximumPoolSize()});
    }

    @Override
    public void setMaximumPoolSize(int max) {
      calls.add("max=" + max);
      super.setMaximumPoolSize(max);
      afterEachCall.add(new int[] {getCorePoolSize(), getMaximumPoolSize()});
    }
  }

  @AfterEach
  void shutDownPools() {
    made.forEach(ThreadPoolExecutor::shutdownNow);
  }

  private <T extends ThreadPoolExecutor> T named(T pool, String thread) {
    made.add(pool);
    BootstrapTestAccess.namedProbe(probes, pool, SITE, thread);
    return pool;
  }

  private RecordingPool bounded(int core, int max, String thread) {
    return named(new RecordingPool(core, max, new ArrayBlockingQueue<>(100)), thread);
  }

  private static void assertCoreNeverAboveMax(RecordingPool pool) {
    for (int[] sizes : pool.afterEachCall) {
      assertThat(sizes[0]).as("core after a call").isLessThanOrEqualTo(sizes[1]);
    }
  }

  @Test
  void growsMaxBeforeCoreWhenBothIncrease() {
    RecordingPool pool = bounded(2, 4, "orders-1");

    ApplyResult result = resizer.resize("orders-*", new PoolSizes(8, 16));

    assertThat(result).isEqualTo(new ApplyResult("orders-*", true, 8, 16, ""));
    assertThat(pool.calls).containsExactly("max=16", "core=8");
    assertCoreNeverAboveMax(pool);
  }

  @Test
  void shrinksCoreBeforeMaxWhenBothDecrease() {
    RecordingPool pool = bounded(8, 16, "orders-1");

    ApplyResult result = resizer.resize("orders-*", new PoolSizes(2, 4));

    assertThat(result.applied()).isTrue();
    assertThat(pool.calls).containsExactly("core=2", "max=4");
    assertThat(pool.getCorePoolSize()).isEqualTo(2);
    assertThat(pool.getMaximumPoolSize()).isEqualTo(4);
    assertCoreNeverAboveMax(pool);
  }

  @Test
  void keepsCoreAtOrBelowMaxAtEveryStepOfAnyResize() {
    int[][] requests = {{1, 1}, {5, 5}, {2, 30}, {30, 30}, {3, 4}, {10, 12}, {11, 11}, {1, 2}};
    RecordingPool pool = bounded(4, 8, "orders-1");

    for (int[] request : requests) {
      for (int[] next : requests) {
        resizer.resize("orders-*", new PoolSizes(request[0], request[1]));
        ApplyResult result = resizer.resize("orders-*", new PoolSizes(next[0], next[1]));

        assertThat(result.applied()).as("%s", result).isTrue();
        assertThat(pool.getCorePoolSize()).isEqualTo(next[0]);
        assertThat(pool.getMaximumPoolSize()).isEqualTo(next[1]);
      }
    }
    assertCoreNeverAboveMax(pool);
  }

  @Test
  void clampsBothSizesToTheConfiguredBounds() {
    PoolResizer bounded = new PoolResizer(registry, Mode.TUNE, new ResizeBounds(2, 10));
    RecordingPool pool = bounded(4, 8, "orders-1");

    ApplyResult result = bounded.resize("orders-*", new PoolSizes(1, 50));

    assertThat(result.applied()).isTrue();
    assertThat(result.core()).isEqualTo(2);
    assertThat(result.max()).isEqualTo(10);
    assertThat(result.reason()).contains("core 1 clamped to 2", "bounds 2..10", "max 50");
    assertThat(pool.getCorePoolSize()).isEqualTo(2);
    assertThat(pool.getMaximumPoolSize()).isEqualTo(10);
  }

  @Test
  void clampsACoreAboveTheUpperBound() {
    PoolResizer bounded = new PoolResizer(registry, Mode.TUNE, new ResizeBounds(1, 10));
    bounded(4, 8, "orders-1");

    ApplyResult result = bounded.resize("orders-*", new PoolSizes(40, 80));

    assertThat(result.core()).isEqualTo(10);
    assertThat(result.max()).isEqualTo(10);
  }

  @Test
  void withAnUnboundedQueueOnlyCoreIsChangedWhenGrowing() {
    RecordingPool pool = named(new RecordingPool(4, 4, new LinkedBlockingQueue<>()), "orders-1");

    ApplyResult result = resizer.resize("orders-*", new PoolSizes(8, 20));

    assertThat(result.applied()).isTrue();
    assertThat(pool.getCorePoolSize()).isEqualTo(8);
    assertThat(pool.getMaximumPoolSize()).as("follows the core").isEqualTo(8);
    assertThat(result.reason()).contains("unbounded queue", "only core matters");
    assertCoreNeverAboveMax(pool);
  }

  @Test
  void withAnUnboundedQueueShrinkingBringsTheMaximumDownToTheCore() {
    RecordingPool pool = named(new RecordingPool(6, 10, new LinkedBlockingQueue<>()), "orders-1");

    ApplyResult result = resizer.resize("orders-*", new PoolSizes(2, 3));

    assertThat(result.applied()).isTrue();
    assertThat(pool.getCorePoolSize()).isEqualTo(2);
    assertThat(pool.getMaximumPoolSize()).isEqualTo(2);
    assertThat(result.max()).isEqualTo(2);
    assertCoreNeverAboveMax(pool);
  }

  /**
   * The reason the maximum comes down: a worker above the core leaves only when the queue stays
   * empty for its keep-alive time (30 s here) or when the pool has more workers than its maximum.
   * With a backlog that never empties, a pool shrunk by its core alone kept all eight threads.
   */
  @Test
  void aShrinkTakesEffectUnderABacklogThatNeverEmpties() {
    RecordingPool pool = named(new RecordingPool(8, 8, new LinkedBlockingQueue<>()), "orders-1");
    for (int i = 0; i < 100_000; i++) {
      pool.execute(PoolResizerTest::briefly);
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> pool.getPoolSize() == 8);

    resizer.resize("orders-*", new PoolSizes(2, 2));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(pool.getQueue()).as("still a backlog").isNotEmpty();
              assertThat(pool.getPoolSize()).isEqualTo(2);
            });
  }

  private static void briefly() {
    try {
      Thread.sleep(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void aSynchronousQueueCountsAsBounded() {
    RecordingPool pool = named(new RecordingPool(2, 4, new SynchronousQueue<>()), "orders-1");

    resizer.resize("orders-*", new PoolSizes(3, 12));

    assertThat(pool.getMaximumPoolSize()).isEqualTo(12);
  }

  @Test
  void observeModeNeverResizes() {
    PoolResizer observing = new PoolResizer(registry, Mode.OBSERVE, new ResizeBounds(1, 64));
    RecordingPool pool = bounded(2, 4, "orders-1");

    ApplyResult result = observing.resize("orders-*", new PoolSizes(8, 16));

    assertThat(result).isEqualTo(new ApplyResult("orders-*", false, 2, 4, result.reason()));
    assertThat(result.reason()).contains("observe mode");
    assertThat(pool.calls).isEmpty();
  }

  @Test
  void aSingleThreadPoolIsNeverResized() {
    RecordingPool pool = bounded(1, 1, "orders-1");

    ApplyResult result = resizer.resize("orders-*", new PoolSizes(4, 8));

    assertThat(result.applied()).isFalse();
    assertThat(result.reason()).contains("single-thread");
    assertThat(pool.calls).isEmpty();
    assertThat(pool.getMaximumPoolSize()).isEqualTo(1);
  }

  @Test
  void aScheduledPoolIsNeverResized() {
    ScheduledThreadPoolExecutor pool = named(new ScheduledThreadPoolExecutor(2), "ticker-1");

    ApplyResult result = resizer.resize("ticker-*", new PoolSizes(4, 8));

    assertThat(result.applied()).isFalse();
    assertThat(result.reason()).contains("scheduled pool");
    assertThat(pool.getCorePoolSize()).isEqualTo(2);
  }

  @Test
  void aShutDownPoolIsNotResized() throws InterruptedException {
    RecordingPool pool = bounded(2, 4, "orders-1");
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    pool.execute(
        () -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    pool.shutdown();

    ApplyResult draining = resizer.resize("orders-*", new PoolSizes(4, 8));
    release.countDown();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    ApplyResult terminated = resizer.resize("orders-*", new PoolSizes(4, 8));

    assertThat(draining.applied()).isFalse();
    assertThat(draining.reason()).contains("shut down");
    assertThat(terminated.applied()).isFalse();
    assertThat(terminated.reason()).contains("no live pool");
  }

  @Test
  void anUnknownPoolIsRefusedWithItsName() {
    bounded(2, 4, "orders-1");

    ApplyResult result = resizer.resize("billing-*", new PoolSizes(4, 8));

    // 0 and 0, not -1: the protocol carries no negative size, and a pool not there has no threads.
    assertThat(result).isEqualTo(new ApplyResult("billing-*", false, 0, 0, result.reason()));
    assertThat(result.reason()).isEqualTo("no live pool is named 'billing-*'");
  }

  @Test
  void aPoolWhoseWorkerNeverRanIsNotListedYet() {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(2, 4, 1, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1));
    made.add(pool);
    probes.probeFor(pool, SITE);

    assertThat(registry.pools()).isEmpty();
  }

  @Test
  void aCollectedPoolIsRefusedAsUnknown() {
    nameAPoolNobodyHolds("gone-1");
    assertThat(registry.find("gone-*")).isPresent();

    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              System.gc();
              return registry.find("gone-*").isEmpty();
            });

    ApplyResult result = resizer.resize("gone-*", new PoolSizes(4, 8));
    assertThat(result.applied()).isFalse();
    assertThat(result.reason()).isEqualTo("no live pool is named 'gone-*'");
    assertThat(resizer.restore("gone-*").applied()).isFalse();
  }

  private void nameAPoolNobodyHolds(String thread) {
    BootstrapTestAccess.namedProbe(
        probes,
        new ThreadPoolExecutor(2, 4, 1, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1)),
        SITE,
        thread);
  }

  @Test
  void remembersTheApplicationsSizesAcrossSeveralResizes() {
    bounded(2, 4, "orders-1");
    PoolProbe probe = registry.find("orders-*").orElseThrow().probe();

    resizer.resize("orders-*", new PoolSizes(8, 16));
    resizer.resize("orders-*", new PoolSizes(3, 5));

    assertThat(probe.originalSizes()).containsExactly(2, 4);
  }

  @Test
  void restoreBringsBackTheApplicationsSizes() {
    RecordingPool pool = bounded(2, 4, "orders-1");
    resizer.resize("orders-*", new PoolSizes(8, 16));
    resizer.resize("orders-*", new PoolSizes(10, 12));

    ApplyResult result = resizer.restore("orders-*");

    assertThat(result).isEqualTo(new ApplyResult("orders-*", true, 2, 4, ""));
    assertThat(pool.getCorePoolSize()).isEqualTo(2);
    assertThat(pool.getMaximumPoolSize()).isEqualTo(4);
    assertThat(registry.find("orders-*").orElseThrow().probe().originalSizes()).isNull();
    assertCoreNeverAboveMax(pool);
  }

  @Test
  void restoringAPoolNeverResizedIsRefused() {
    bounded(2, 4, "orders-1");

    ApplyResult result = resizer.restore("orders-*");

    assertThat(result.applied()).isFalse();
    assertThat(result.reason()).contains("never resized");
  }

  @Test
  void aPoolRestoredAndResizedAgainRemembersTheRestoredSizes() {
    RecordingPool pool = bounded(2, 4, "orders-1");
    resizer.resize("orders-*", new PoolSizes(8, 16));
    resizer.restore("orders-*");

    resizer.resize("orders-*", new PoolSizes(5, 6));
    resizer.restore("orders-*");

    assertThat(pool.getCorePoolSize()).isEqualTo(2);
    assertThat(pool.getMaximumPoolSize()).isEqualTo(4);
  }

  @Test
  void restoreAllBringsBackEveryResizedPoolAndOnlyThose() {
    RecordingPool orders = bounded(2, 4, "orders-1");
    RecordingPool billing = bounded(3, 6, "billing-1");
    RecordingPool search = bounded(1, 5, "search-1");
    resizer.resize("orders-*", new PoolSizes(8, 16));
    resizer.resize("billing-*", new PoolSizes(1, 2));

    List<ApplyResult> results = resizer.restoreAll();

    assertThat(results)
        .containsExactlyInAnyOrder(
            new ApplyResult("orders-*", true, 2, 4, ""),
            new ApplyResult("billing-*", true, 3, 6, ""));
    assertThat(search.calls).isEmpty();
    assertThat(orders.getMaximumPoolSize()).isEqualTo(4);
    assertThat(billing.getCorePoolSize()).isEqualTo(3);
    assertThat(resizer.restoreAll()).isEmpty();
  }

  @Test
  void restoreWorksEvenInObserveMode() {
    RecordingPool pool = bounded(2, 4, "orders-1");
    resizer.resize("orders-*", new PoolSizes(8, 16));
    PoolResizer observing = new PoolResizer(registry, Mode.OBSERVE, new ResizeBounds(1, 64));

    assertThat(observing.restoreAll()).hasSize(1);
    assertThat(pool.getCorePoolSize()).isEqualTo(2);
  }

  @Test
  void resizeFindsPoolsByTheirClashSuffixedNames() {
    RecordingPool first = named(new RecordingPool(2, 4, new ArrayBlockingQueue<>(10)), "worker-1");
    RecordingPool second = new RecordingPool(2, 4, new ArrayBlockingQueue<>(10));
    made.add(second);
    BootstrapTestAccess.namedProbe(
        probes, second, ConstructionSite.of("com.acme.Bar", "start", 40), "worker-1");

    ApplyResult result = resizer.resize("worker-*@Bar.start:40", new PoolSizes(3, 9));

    assertThat(result.applied()).isTrue();
    assertThat(second.getMaximumPoolSize()).isEqualTo(9);
    assertThat(first.calls).isEmpty();
    assertThat(registry.pools())
        .extracting(NamedPool::name)
        .containsExactly("worker-*@Foo.init:12", "worker-*@Bar.start:40");
  }

  @Test
  void isUnboundedTellsUnboundedQueuesFromBoundedOnes() {
    assertThat(PoolResizer.isUnbounded(new LinkedBlockingQueue<>())).isTrue();
    assertThat(PoolResizer.isUnbounded(new java.util.concurrent.LinkedTransferQueue<>())).isTrue();
    assertThat(PoolResizer.isUnbounded(new LinkedBlockingQueue<>(100))).isFalse();
    assertThat(PoolResizer.isUnbounded(new ArrayBlockingQueue<>(5))).isFalse();
    assertThat(PoolResizer.isUnbounded(new SynchronousQueue<>())).isFalse();
  }

  @Test
  void threadsTheResizeStartsAreNotDaemonsThroughAFactoryThatDoesNotSayWhatTheyAre()
      throws Exception {
    List<Thread> created = new java.util.concurrent.CopyOnWriteArrayList<>();
    ThreadPoolExecutor pool =
        named(
            new ThreadPoolExecutor(
                1,
                4,
                30,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(10),
                r -> {
                  Thread t = new Thread(r);
                  created.add(t);
                  return t;
                }),
            "jobs-1");
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    Runnable blocked =
        () -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    for (int i = 0; i < 4; i++) {
      pool.execute(blocked);
    }
    assertThat(pool.getQueue()).hasSize(3);
    Thread daemonCaller = new Thread(() -> resizer.resize("jobs-*", new PoolSizes(3, 4)));
    daemonCaller.setDaemon(true);
    daemonCaller.start();
    daemonCaller.join(30_000);

    try {
      assertThat(pool.getPoolSize()).isEqualTo(3);
      assertThat(created).hasSize(3).allMatch(t -> !t.isDaemon());
    } finally {
      release.countDown();
    }
  }

  @Test
  void aPoolThatThrowsWhileResizingIsRolledBackAndNeverResizedAgain() {
    ThreadPoolExecutor pool =
        named(
            new ThreadPoolExecutor(2, 4, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(10)) {
              @Override
              public void setMaximumPoolSize(int max) {
                if (max > 4) {
                  throw new UnsupportedOperationException("fixed");
                }
                super.setMaximumPoolSize(max);
              }
            },
            "stubborn-1");

    ApplyResult first = resizer.resize("stubborn-*", new PoolSizes(6, 8));
    ApplyResult second = resizer.resize("stubborn-*", new PoolSizes(3, 4));

    assertThat(first.applied()).isFalse();
    assertThat(first.reason()).contains("UnsupportedOperationException");
    assertThat(pool.getCorePoolSize()).isEqualTo(2);
    assertThat(pool.getMaximumPoolSize()).isEqualTo(4);
    assertThat(second.applied()).isFalse();
    assertThat(second.reason()).contains("failed to take");
  }

  @Test
  void aReasonQuotingALongExceptionIsShortenedToWhatAMessageMayCarry() {
    String longMessage = "no ".repeat(ControlProtocol.MAX_TEXT_LENGTH);
    named(
        new ThreadPoolExecutor(2, 4, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(10)) {
          @Override
          public void setMaximumPoolSize(int max) {
            throw new UnsupportedOperationException(longMessage);
          }
        },
        "verbose-1");

    ApplyResult first = resizer.resize("verbose-*", new PoolSizes(6, 8));
    ApplyResult second = resizer.resize("verbose-*", new PoolSizes(6, 8));

    assertThat(first.reason())
        .hasSize(ControlProtocol.MAX_TEXT_LENGTH)
        .contains("UnsupportedOperationException: no no")
        .endsWith("...");
    assertThat(second.reason()).hasSize(ControlProtocol.MAX_TEXT_LENGTH).contains("failed to take");
    assertThat(resizer.refusal(registry.find("verbose-*").orElseThrow()))
        .hasSize(ControlProtocol.MAX_TEXT_LENGTH);
  }

  @Test
  void neverLowersTheMaximumOfADirectHandOffPool() {
    ThreadPoolExecutor cached =
        named(
            new ThreadPoolExecutor(0, 50, 30, TimeUnit.SECONDS, new SynchronousQueue<>()),
            "cached-1");

    ApplyResult result = resizer.resize("cached-*", new PoolSizes(8, 16));

    assertThat(result.applied()).isTrue();
    assertThat(cached.getCorePoolSize()).isEqualTo(8);
    assertThat(cached.getMaximumPoolSize()).isEqualTo(50);
  }
}
