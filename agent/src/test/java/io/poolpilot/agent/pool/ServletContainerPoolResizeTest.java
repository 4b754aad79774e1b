package io.poolpilot.agent.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.poolpilot.agent.bootstrap.BootstrapTestAccess;
import io.poolpilot.agent.bootstrap.ConstructionSite;
import io.poolpilot.agent.bootstrap.PoolKind;
import io.poolpilot.agent.bootstrap.PoolProbes;
import io.poolpilot.agent.config.AgentConfig.Mode;
import io.poolpilot.agent.config.AgentConfig.ResizeBounds;
import io.poolpilot.protocol.control.ApplyResult;
import io.poolpilot.protocol.control.PoolSizes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.tomcat.util.threads.TaskQueue;
import org.apache.tomcat.util.threads.TaskThreadFactory;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The registry and the resizer on real Tomcat and Jetty pools, which the agent reaches only through
 * reflection: the same rules as for the JDK's pools, in each pool's own terms.
 */
class ServletContainerPoolResizeTest {
  private static final ConstructionSite SITE = ConstructionSite.of("com.acme.Server", "init", 7);

  private final PoolProbes probes = new PoolProbes();
  private final PoolRegistry registry = new PoolRegistry(probes);
  private final PoolResizer resizer = new PoolResizer(registry, Mode.TUNE, new ResizeBounds(1, 64));
  private final List<ThreadPoolExecutor> tomcats = new ArrayList<>();
  private final List<QueuedThreadPool> jetties = new ArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);

  /** Tomcat's connector pool, recording every size change. */
  private static final class RecordingTomcatPool extends ThreadPoolExecutor {
    final List<String> calls = new ArrayList<>();

    RecordingTomcatPool(int core, int max, TaskQueue queue) {
      super(
          core,
          max,
          60,
          TimeUnit.SECONDS,
          queue,
          new TaskThreadFactory("http-nio-8080-exec-", true, Thread.NORM_PRIORITY));
    }

    @Override
    public void setCorePoolSize(int core) {
      calls.add("core=" + core);
      super.setCorePoolSize(core);
    }

    @Override
    public void setMaximumPoolSize(int max) {
      calls.add("max=" + max);
      super.setMaximumPoolSize(max);
    }
  }

  /** Jetty's pool, recording every size change; refuses a maximum above {@code refuseAbove}. */
  private static final class RecordingJettyPool extends QueuedThreadPool {
    final List<String> calls = new ArrayList<>();
    volatile int refuseAbove = Integer.MAX_VALUE;

    RecordingJettyPool(int max, int min) {
      super(max, min);
      setDaemon(true);
    }

    @Override
    public void setMinThreads(int min) {
      if (calls != null) {
        calls.add("min=" + min);
      }
      super.setMinThreads(min);
    }

    @Override
    public void setMaxThreads(int max) {
      if (calls != null) {
        calls.add("max=" + max);
        if (max > refuseAbove) {
          throw new IllegalStateException("insufficient threads for the connectors' leases");
        }
      }
      super.setMaxThreads(max);
    }
  }

  @AfterEach
  void stopPools() throws Exception {
    release.countDown();
    tomcats.forEach(ThreadPoolExecutor::shutdownNow);
    for (QueuedThreadPool jetty : jetties) {
      jetty.stop();
    }
  }

  private RecordingTomcatPool tomcat(int core, int max) {
    TaskQueue queue = new TaskQueue();
    RecordingTomcatPool pool = new RecordingTomcatPool(core, max, queue);
    queue.setParent(pool);
    tomcats.add(pool);
    BootstrapTestAccess.namedProbe(probes, pool, SITE, "http-nio-8080-exec-1");
    return pool;
  }

  private RecordingJettyPool jetty(int min, int max) throws Exception {
    RecordingJettyPool pool = new RecordingJettyPool(max, min);
    pool.setName("jetty-worker");
    // No reserved threads: a one-thread pool could not lease one, and none are needed here.
    pool.setReservedThreads(0);
    pool.start();
    jetties.add(pool);
    pool.calls.clear();
    BootstrapTestAccess.namedProbe(probes, pool, SITE, "jetty-worker-31");
    return pool;
  }

  @Test
  void tellsTheKindOfEachPoolFromItsClass() throws Exception {
    tomcat(2, 4);
    jetty(2, 8);

    assertThat(registry.pools())
        .extracting(named -> named.name() + " " + named.probe().kind())
        .containsExactly(
            "http-nio-8080-exec-* " + PoolKind.TOMCAT, "jetty-worker-* " + PoolKind.JETTY);
  }

  @Test
  void readsATomcatPoolsSizesAndQueue() throws Exception {
    RecordingTomcatPool pool = tomcat(2, 4);
    for (int i = 0; i < 6; i++) {
      pool.execute(this::awaitRelease);
    }

    PoolAdapter adapter = registry.find("http-nio-8080-exec-*").orElseThrow().pool();

    // TaskQueue: the pool grows to its maximum before it queues.
    assertThat(adapter.coreSize()).isEqualTo(2);
    assertThat(adapter.maxSize()).isEqualTo(4);
    assertThat(adapter.poolSize()).isEqualTo(4);
    await().untilAsserted(() -> assertThat(adapter.activeCount()).isEqualTo(4));
    assertThat(adapter.queueSize()).isEqualTo(2);
    assertThat(adapter.completedTaskCount()).isZero();
    assertThat(adapter.isShutdown()).isFalse();
  }

  @Test
  void readsAJettyPoolsSizesAndQueue() throws Exception {
    RecordingJettyPool pool = jetty(2, 3);
    for (int i = 0; i < 5; i++) {
      pool.execute(this::awaitRelease);
    }

    PoolAdapter adapter = registry.find("jetty-worker-*").orElseThrow().pool();

    assertThat(adapter.coreSize()).isEqualTo(2);
    assertThat(adapter.maxSize()).isEqualTo(3);
    await().untilAsserted(() -> assertThat(adapter.activeCount()).isEqualTo(3));
    assertThat(adapter.poolSize()).isEqualTo(3);
    assertThat(adapter.queueSize()).isEqualTo(2);
    assertThat(adapter.queue()).isNotNull().hasSize(2);
    assertThat(adapter.completedTaskCount()).as("Jetty does not count").isEqualTo(-1);
  }

  @Test
  void growsATomcatPoolsMaxBeforeItsCoreAndKeepsTheMaxAsAskedDespiteItsUnboundedQueue() {
    RecordingTomcatPool pool = tomcat(2, 4);

    ApplyResult result = resizer.resize("http-nio-8080-exec-*", new PoolSizes(6, 12));

    assertThat(result).isEqualTo(new ApplyResult("http-nio-8080-exec-*", true, 6, 12, ""));
    assertThat(pool.calls).containsExactly("max=12", "core=6");
    assertThat(pool.getCorePoolSize()).isEqualTo(6);
    assertThat(pool.getMaximumPoolSize()).isEqualTo(12);
  }

  @Test
  void shrinksATomcatPoolsCoreBeforeItsMaxAndRestoresItsOwnSizes() {
    RecordingTomcatPool pool = tomcat(8, 16);

    assertThat(resizer.resize("http-nio-8080-exec-*", new PoolSizes(2, 4)).applied()).isTrue();
    assertThat(pool.calls).containsExactly("core=2", "max=4");

    ApplyResult restored = resizer.restore("http-nio-8080-exec-*");
    assertThat(restored.applied()).isTrue();
    assertThat(pool.getCorePoolSize()).isEqualTo(8);
    assertThat(pool.getMaximumPoolSize()).isEqualTo(16);
  }

  @Test
  void resizesAJettyPoolsMinAndMaxThreadsInTheOrderThatKeepsMinAtOrBelowMax() throws Exception {
    RecordingJettyPool pool = jetty(2, 8);

    assertThat(resizer.resize("jetty-worker-*", new PoolSizes(4, 20)).applied()).isTrue();
    assertThat(pool.calls).containsExactly("max=20", "min=4");
    assertThat(pool.getMinThreads()).isEqualTo(4);
    assertThat(pool.getMaxThreads()).isEqualTo(20);
    await().untilAsserted(() -> assertThat(pool.getThreads()).isGreaterThanOrEqualTo(4));

    pool.calls.clear();
    assertThat(resizer.resize("jetty-worker-*", new PoolSizes(1, 3)).applied()).isTrue();
    assertThat(pool.calls).containsExactly("min=1", "max=3");
    assertThat(pool.getMinThreads()).isEqualTo(1);
    assertThat(pool.getMaxThreads()).isEqualTo(3);
  }

  @Test
  void neverResizesASingleThreadJettyPool() throws Exception {
    RecordingJettyPool pool = jetty(1, 1);

    ApplyResult result = resizer.resize("jetty-worker-*", new PoolSizes(4, 8));

    assertThat(result.applied()).isFalse();
    assertThat(result.reason()).contains("single-thread");
    assertThat(pool.calls).isEmpty();
  }

  @Test
  void rollsBackAJettyPoolThatRefusesASizeAndNeverResizesItAgain() throws Exception {
    RecordingJettyPool pool = jetty(2, 8);
    pool.refuseAbove = 10;

    ApplyResult result = resizer.resize("jetty-worker-*", new PoolSizes(4, 16));

    assertThat(result.applied()).isFalse();
    assertThat(result.reason()).contains("insufficient threads");
    assertThat(pool.getMinThreads()).isEqualTo(2);
    assertThat(pool.getMaxThreads()).isEqualTo(8);
    ApplyResult again = resizer.resize("jetty-worker-*", new PoolSizes(3, 6));
    assertThat(again.applied()).isFalse();
    assertThat(again.reason()).contains("insufficient threads");
  }

  @Test
  void aPoolThatCannotBeReadIsLeftOutAndSaidOnce() throws Exception {
    List<String> reported = new ArrayList<>();
    PoolRegistry reporting = new PoolRegistry(probes, reported::add);
    QueuedThreadPool broken =
        new QueuedThreadPool(4, 2) {
          @Override
          public boolean isStopped() {
            throw new UnsupportedOperationException("no state here");
          }
        };
    jetties.add(broken);
    broken.setDaemon(true);
    broken.start();
    BootstrapTestAccess.namedProbe(probes, broken, SITE, "broken-1");
    tomcat(2, 4);

    assertThat(reporting.pools())
        .extracting(NamedPool::name)
        .containsExactly("http-nio-8080-exec-*");
    assertThat(reporting.pools()).hasSize(1);
    assertThat(reported).hasSize(1);
    assertThat(reported.get(0)).contains("JETTY pool could not be read", "no state here");
  }

  @Test
  void aStoppedJettyPoolLeavesTheRegistry() throws Exception {
    RecordingJettyPool pool = jetty(2, 4);
    assertThat(registry.find("jetty-worker-*")).isPresent();

    pool.stop();

    await().atMost(Duration.ofSeconds(30)).until(() -> registry.find("jetty-worker-*").isEmpty());
  }

  private void awaitRelease() {
    try {
      release.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
