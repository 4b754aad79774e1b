package io.poolpilot.agent.pool;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;

/** The JDK's {@link ThreadPoolExecutor}, called directly. */
final class JdkPoolAdapter implements PoolAdapter {
  private final ThreadPoolExecutor pool;
  private final String ownerName;

  /**
   * @param ownerName the framework that built the pool, or null for the application's own
   */
  JdkPoolAdapter(ThreadPoolExecutor pool, String ownerName) {
    this.pool = pool;
    this.ownerName = ownerName;
  }

  @Override
  public Object target() {
    return pool;
  }

  @Override
  public String ownerName() {
    return ownerName;
  }

  @Override
  public int coreSize() {
    return pool.getCorePoolSize();
  }

  @Override
  public int maxSize() {
    return pool.getMaximumPoolSize();
  }

  @Override
  public int poolSize() {
    return pool.getPoolSize();
  }

  @Override
  public int activeCount() {
    return pool.getActiveCount();
  }

  @Override
  public int queueSize() {
    return pool.getQueue().size();
  }

  @Override
  public BlockingQueue<Runnable> queue() {
    return pool.getQueue();
  }

  @Override
  public long completedTaskCount() {
    return pool.getCompletedTaskCount();
  }

  @Override
  public boolean isShutdown() {
    return pool.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return pool.isTerminated();
  }

  @Override
  public void setCoreSize(int core) {
    pool.setCorePoolSize(core);
  }

  @Override
  public void setMaxSize(int max) {
    pool.setMaximumPoolSize(max);
  }

  @Override
  public boolean growsPastCoreOnlyWhenQueueFull() {
    return true;
  }

  @Override
  public String kindRefusal() {
    return scheduled() ? "a scheduled pool is never resized" : null;
  }

  @Override
  public boolean scheduled() {
    return pool instanceof ScheduledThreadPoolExecutor;
  }
}
