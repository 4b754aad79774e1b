package io.poolpilot.agent.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.agent.bootstrap.ConstructionSite;
import io.poolpilot.agent.bootstrap.PoolProbes;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.tomcat.util.threads.TaskQueue;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.Test;

/** The type and owner each kind of pool reports, on real JDK, Tomcat and Jetty pools. */
class PoolAdaptersTest {
  private static final ConstructionSite APPLICATION =
      ConstructionSite.of("com.acme.Orders", "init", 3);
  private static final ConstructionSite VERTX =
      ConstructionSite.of("io.vertx.core.spi.ExecutorServiceFactory", "lambda$static$0", 1);

  private final PoolProbes probes = new PoolProbes();

  private PoolAdapter adapterOf(Object pool, ConstructionSite site) {
    return PoolAdapters.of(probes.probeFor(pool, site));
  }

  @Test
  void theApplicationsJdkPoolHasTheJdksTypeAndNoOwner() {
    ThreadPoolExecutor pool = jdkPool();
    try {
      PoolAdapter adapter = adapterOf(pool, APPLICATION);

      assertThat(adapter.typeName()).isEqualTo("java.util.concurrent.ThreadPoolExecutor");
      assertThat(adapter.ownerName()).isNull();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aJdkPoolBuiltBeforeTheAgentStartedHasNoOwner() {
    ThreadPoolExecutor pool = jdkPool();
    try {
      assertThat(adapterOf(pool, null).ownerName()).isNull();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aJdkPoolBuiltByVertxIsOwnedByVertx() {
    ThreadPoolExecutor pool = jdkPool();
    try {
      PoolAdapter adapter = adapterOf(pool, VERTX);

      assertThat(adapter.ownerName()).isEqualTo("vertx");
      assertThat(adapter.typeName()).isEqualTo("java.util.concurrent.ThreadPoolExecutor");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aScheduledPoolReportsItsOwnClass() {
    ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1);
    try {
      assertThat(adapterOf(pool, APPLICATION).typeName())
          .isEqualTo("java.util.concurrent.ScheduledThreadPoolExecutor");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void tomcatsPoolIsOwnedByTomcatWhoeverBuiltIt() {
    org.apache.tomcat.util.threads.ThreadPoolExecutor pool =
        new org.apache.tomcat.util.threads.ThreadPoolExecutor(
            1, 2, 60, TimeUnit.SECONDS, new TaskQueue());
    try {
      PoolAdapter adapter = adapterOf(pool, APPLICATION);

      assertThat(adapter.typeName()).isEqualTo("org.apache.tomcat.util.threads.ThreadPoolExecutor");
      assertThat(adapter.ownerName()).isEqualTo("tomcat");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void jettysPoolIsOwnedByJetty() {
    QueuedThreadPool pool = new QueuedThreadPool(4, 1);

    PoolAdapter adapter = adapterOf(pool, APPLICATION);

    assertThat(adapter.typeName()).isEqualTo("org.eclipse.jetty.util.thread.QueuedThreadPool");
    assertThat(adapter.ownerName()).isEqualTo("jetty");
  }

  private static ThreadPoolExecutor jdkPool() {
    return new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
  }
}
