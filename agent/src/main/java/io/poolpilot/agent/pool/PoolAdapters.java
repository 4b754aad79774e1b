package io.poolpilot.agent.pool;

import io.poolpilot.agent.bootstrap.PoolProbe;
import java.util.concurrent.ThreadPoolExecutor;

/** The adapter for a probe's pool, by the kind the bridge told when it first saw the pool. */
public final class PoolAdapters {
  private PoolAdapters() {}

  /** The adapter for {@code probe}'s pool, or null once the pool has been collected. */
  public static PoolAdapter of(PoolProbe probe) {
    Object pool = probe.pool();
    if (pool == null) {
      return null;
    }
    return switch (probe.kind()) {
      case JDK -> new JdkPoolAdapter((ThreadPoolExecutor) pool, PoolOwners.ofJdkPool(probe.site()));
      case TOMCAT -> new TomcatPoolAdapter(pool);
      case JETTY -> new JettyPoolAdapter(pool);
    };
  }
}
