package io.poolpilot.agent.bootstrap;

import java.util.concurrent.ThreadPoolExecutor;

/**
 * The kinds of pool the agent measures. Tomcat's executor is a copy of the JDK's class, not a
 * subclass, and Jetty's pool is a class of its own; the bridge cannot name either type (it holds
 * JDK types only), so a pool's kind is told from its class name, once, when the agent first sees
 * the pool.
 */
public enum PoolKind {
  /** {@code java.util.concurrent.ThreadPoolExecutor} and its subclasses. */
  JDK,
  /** {@code org.apache.tomcat.util.threads.ThreadPoolExecutor} and its subclasses. */
  TOMCAT,
  /** {@code org.eclipse.jetty.util.thread.QueuedThreadPool} and its subclasses. */
  JETTY;

  public static final String TOMCAT_POOL = "org.apache.tomcat.util.threads.ThreadPoolExecutor";
  public static final String JETTY_POOL = "org.eclipse.jetty.util.thread.QueuedThreadPool";

  /** The kind of {@code pool}; JDK for anything that is neither Tomcat's nor Jetty's pool. */
  public static PoolKind of(Object pool) {
    if (pool instanceof ThreadPoolExecutor) {
      return JDK;
    }
    for (Class<?> type = pool.getClass(); type != null; type = type.getSuperclass()) {
      if (TOMCAT_POOL.equals(type.getName())) {
        return TOMCAT;
      }
      if (JETTY_POOL.equals(type.getName())) {
        return JETTY;
      }
    }
    return JDK;
  }

  /** Whether {@code type} is a pool class of any kind, for telling construction frames apart. */
  static boolean isPoolClass(Class<?> type) {
    if (ThreadPoolExecutor.class.isAssignableFrom(type)) {
      return true;
    }
    for (Class<?> t = type; t != null; t = t.getSuperclass()) {
      if (TOMCAT_POOL.equals(t.getName()) || JETTY_POOL.equals(t.getName())) {
        return true;
      }
    }
    return false;
  }
}
