package io.poolpilot.agent.pool;

import io.poolpilot.agent.bootstrap.ConstructionSite;
import io.poolpilot.protocol.TelemetryNames;

/**
 * Which framework owns a JDK pool, for {@code jvm.executor.owner.name}. Tomcat's and Jetty's pools
 * are classes of their own and their adapters say so; a framework that builds a plain {@code
 * ThreadPoolExecutor} is known only by where it built it. Vert.x is the one such framework
 * PoolPilot supports: its worker pool is a JDK pool constructed from Vert.x's own classes.
 *
 * <p>The construction site is fixed for the pool's life, so the owner never changes and adds no
 * series. A pool whose site is unknown (built before the agent started) or lies in the application
 * has no owner: the proposed conventions leave the attribute out rather than guess.
 */
final class PoolOwners {
  private static final String VERTX_PACKAGE = "io.vertx.";

  private PoolOwners() {}

  /** The owner of a JDK pool built at {@code site}, or null where none is known. */
  static String ofJdkPool(ConstructionSite site) {
    if (site != null && site.className().startsWith(VERTX_PACKAGE)) {
      return TelemetryNames.OWNER_VERTX;
    }
    return null;
  }
}
