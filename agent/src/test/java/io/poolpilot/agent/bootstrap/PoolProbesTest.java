package io.poolpilot.agent.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.poolpilot.protocol.histogram.ExponentialBuckets;
import io.poolpilot.protocol.histogram.ExponentialHistogram;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PoolProbesTest {
  private static final long MS = 1_000_000L;
  private static final ConstructionSite SITE = ConstructionSite.of("com.acme.Foo", "init", 12);

  private final PoolProbes probes = new PoolProbes();

  /** Every instance equals every other: only identity tells them apart. */
  private static final class EqualToAllPool extends ThreadPoolExecutor {
    EqualToAllPool() {
      super(1, 2, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof EqualToAllPool;
    }

    @Override
    public int hashCode() {
      return 1;
    }
  }

  private static ThreadPoolExecutor newPool() {
    return new ThreadPoolExecutor(1, 2, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
  }

  @Test
  void sameInstanceAlwaysGetsTheSameProbe() {
    ThreadPoolExecutor pool = newPool();

    PoolProbe first = probes.probeFor(pool, SITE);
    PoolProbe second = probes.probeFor(pool, null);

    assertThat(second).isSameAs(first);
    assertThat(second.site()).isSameAs(SITE);
    assertThat(probes.find(pool)).isSameAs(first);
    assertThat(first.pool()).isSameAs(pool);
  }

  @Test
  void poolsThatAreEqualButDistinctKeepSeparateProbes() {
    EqualToAllPool a = new EqualToAllPool();
    EqualToAllPool b = new EqualToAllPool();
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);

    PoolProbe probeA = probes.probeFor(a, SITE);
    PoolProbe probeB = probes.probeFor(b, SITE);

    assertThat(probeA).isNotSameAs(probeB);
    assertThat(probes.find(a)).isSameAs(probeA);
    assertThat(probes.find(b)).isSameAs(probeB);
    assertThat(probeA.pool()).isSameAs(a);
    assertThat(probeB.pool()).isSameAs(b);
    assertThat(probes.live()).containsExactlyInAnyOrder(probeA, probeB);
  }

  @Test
  void findReturnsNullForAPoolNeverSeen() {
    assertThat(probes.find(newPool())).isNull();
  }

  @Test
  void sequenceFollowsTheOrderPoolsWereFirstSeen() {
    PoolProbe first = probes.probeFor(newPool(), SITE);
    PoolProbe second = probes.probeFor(newPool(), SITE);

    assertThat(second.sequence()).isGreaterThan(first.sequence());
  }

  @Test
  void keepsEveryPoolApartAsTheTableGrows() {
    List<ThreadPoolExecutor> pools = new ArrayList<>();
    List<PoolProbe> made = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      ThreadPoolExecutor pool = newPool();
      pools.add(pool);
      made.add(probes.probeFor(pool, SITE));
    }

    for (int i = 0; i < pools.size(); i++) {
      assertThat(probes.find(pools.get(i))).isSameAs(made.get(i));
    }
    assertThat(probes.live()).hasSize(500).containsExactlyInAnyOrderElementsOf(made);
  }

  @Test
  void aDroppedPoolDisappearsFromLiveOnceCollected() {
    ThreadPoolExecutor kept = newPool();
    PoolProbe keptProbe = probes.probeFor(kept, SITE);
    PoolProbe droppedProbe = probeOfAPoolNobodyHolds();

    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              System.gc();
              return droppedProbe.pool() == null && !probes.live().contains(droppedProbe);
            });

    assertThat(probes.live()).containsExactly(keptProbe);
    assertThat(probes.find(kept)).isSameAs(keptProbe);
  }

  private PoolProbe probeOfAPoolNobodyHolds() {
    return probes.probeFor(newPool(), SITE);
  }

  @Test
  void theAgentsOwnPoolsAreLeftOutOfLive() {
    ThreadPoolExecutor own = newPool();
    ThreadPoolExecutor application = newPool();
    PoolProbe ownProbe =
        probes.probeFor(own, new ConstructionSite("io.poolpilot.agent.X", "init", 3, true));
    PoolProbe appProbe = probes.probeFor(application, SITE);

    assertThat(ownProbe.ignored()).isTrue();
    assertThat(appProbe.ignored()).isFalse();
    assertThat(probes.live()).containsExactly(appProbe);
    assertThat(probes.find(own)).isSameAs(ownProbe);
  }

  @Test
  void poolBuiltBeforeTheAgentHasNoSiteAndIsNotIgnored() {
    PoolProbe probe = probes.probeFor(newPool(), null);

    assertThat(probe.site()).isNull();
    assertThat(probe.ignored()).isFalse();
  }

  @Test
  void threadNameIsTheFirstWorkerSeen() {
    PoolProbe probe = probes.probeFor(newPool(), SITE);
    assertThat(probe.threadName()).isNull();

    probe.threadSeen("orders-1");
    probe.threadSeen("orders-2");

    assertThat(probe.threadName()).isEqualTo("orders-1");
  }

  @Test
  void retiringAWorkerKeepsItsCountsInThePoolsTotals() {
    PoolProbe probe = probes.probeFor(newPool(), SITE);
    WorkerTimings leaving = probe.newWorker();
    WorkerTimings staying = probe.newWorker();
    leaving.taskStarted(0, 5 * MS);
    leaving.taskEnded(20 * MS);
    staying.taskStarted(0, 0);
    staying.taskEnded(30 * MS);

    probe.retire(leaving);

    ExponentialHistogram waits = probe.queueWaits().histogram();
    assertThat(waits.totalCount()).isEqualTo(2);
    assertThat(waits.zeroCount()).isEqualTo(1);
    assertThat(waits.count(ExponentialBuckets.indexOfNanos(5 * MS))).isEqualTo(1);
    HistogramSnapshot durations = probe.durations();
    assertThat(durations.histogram().totalCount()).isEqualTo(2);
    assertThat(durations.sumNanos()).isEqualTo(50 * MS);
  }

  @Test
  void retiringTheSameWorkerTwiceCountsItOnce() {
    PoolProbe probe = probes.probeFor(newPool(), SITE);
    WorkerTimings worker = probe.newWorker();
    worker.taskStarted(0, 2 * MS);
    worker.taskEnded(4 * MS);

    probe.retire(worker);
    probe.retire(worker);

    assertThat(probe.queueWaits().histogram().totalCount()).isEqualTo(1);
    assertThat(probe.durations().histogram().totalCount()).isEqualTo(1);
  }

  @Test
  void countsOnlyGrowAsWorkersComeAndGo() {
    PoolProbe probe = probes.probeFor(newPool(), SITE);
    long previous = 0;
    for (int round = 0; round < 5; round++) {
      WorkerTimings worker = probe.newWorker();
      worker.taskStarted(0, MS);
      worker.taskEnded(MS);
      probe.retire(worker);
      long now = probe.durations().histogram().totalCount();
      assertThat(now).isEqualTo(previous + 1);
      previous = now;
    }
  }

  @Test
  void remembersTheFirstOriginalSizesUntilForgotten() {
    PoolProbe probe = probes.probeFor(newPool(), SITE);
    assertThat(probe.originalSizes()).isNull();

    assertThat(probe.rememberOriginalSizes(2, 4)).containsExactly(2, 4);
    assertThat(probe.rememberOriginalSizes(8, 16)).containsExactly(2, 4);
    assertThat(probe.originalSizes()).containsExactly(2, 4);

    probe.forgetOriginalSizes();
    assertThat(probe.originalSizes()).isNull();
  }
}
