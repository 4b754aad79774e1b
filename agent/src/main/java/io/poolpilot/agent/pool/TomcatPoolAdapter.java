package io.poolpilot.agent.pool;

import static io.poolpilot.agent.pool.Reflected.call;
import static io.poolpilot.agent.pool.Reflected.callBoolean;
import static io.poolpilot.agent.pool.Reflected.callInt;
import static io.poolpilot.agent.pool.Reflected.callLong;
import static io.poolpilot.agent.pool.Reflected.method;

import io.poolpilot.protocol.TelemetryNames;
import java.lang.reflect.Method;
import java.util.concurrent.BlockingQueue;

/**
 * Tomcat's {@code org.apache.tomcat.util.threads.ThreadPoolExecutor}, a copy of the JDK's class
 * with the same getters and setters. One difference matters for resizing: the queue Tomcat gives
 * its connectors ({@code TaskQueue}) refuses a task while the pool is below its maximum, so the
 * pool grows to its maximum before it queues, although the queue is unbounded.
 */
final class TomcatPoolAdapter implements PoolAdapter {
  static final String TASK_QUEUE = "org.apache.tomcat.util.threads.TaskQueue";

  private static final ClassValue<Methods> METHODS =
      new ClassValue<>() {
        @Override
        protected Methods computeValue(Class<?> type) {
          return new Methods(type);
        }
      };

  /** The pool's methods, looked up once per pool class. */
  private static final class Methods {
    final Method getCorePoolSize;
    final Method getMaximumPoolSize;
    final Method getPoolSize;
    final Method getActiveCount;
    final Method getQueue;
    final Method getCompletedTaskCount;
    final Method isShutdown;
    final Method isTerminated;
    final Method setCorePoolSize;
    final Method setMaximumPoolSize;

    Methods(Class<?> type) {
      getCorePoolSize = method(type, "getCorePoolSize");
      getMaximumPoolSize = method(type, "getMaximumPoolSize");
      getPoolSize = method(type, "getPoolSize");
      getActiveCount = method(type, "getActiveCount");
      getQueue = method(type, "getQueue");
      getCompletedTaskCount = method(type, "getCompletedTaskCount");
      isShutdown = method(type, "isShutdown");
      isTerminated = method(type, "isTerminated");
      setCorePoolSize = method(type, "setCorePoolSize", int.class);
      setMaximumPoolSize = method(type, "setMaximumPoolSize", int.class);
    }
  }

  private final Object pool;
  private final Methods methods;

  TomcatPoolAdapter(Object pool) {
    this.pool = pool;
    this.methods = METHODS.get(pool.getClass());
  }

  @Override
  public Object target() {
    return pool;
  }

  @Override
  public String ownerName() {
    return TelemetryNames.OWNER_TOMCAT;
  }

  @Override
  public int coreSize() {
    return callInt(methods.getCorePoolSize, pool);
  }

  @Override
  public int maxSize() {
    return callInt(methods.getMaximumPoolSize, pool);
  }

  @Override
  public int poolSize() {
    return callInt(methods.getPoolSize, pool);
  }

  @Override
  public int activeCount() {
    return callInt(methods.getActiveCount, pool);
  }

  @Override
  public int queueSize() {
    return queue().size();
  }

  @Override
  @SuppressWarnings("unchecked")
  public BlockingQueue<Runnable> queue() {
    return (BlockingQueue<Runnable>) call(methods.getQueue, pool);
  }

  @Override
  public long completedTaskCount() {
    return callLong(methods.getCompletedTaskCount, pool);
  }

  @Override
  public boolean isShutdown() {
    return callBoolean(methods.isShutdown, pool);
  }

  @Override
  public boolean isTerminated() {
    return callBoolean(methods.isTerminated, pool);
  }

  @Override
  public void setCoreSize(int core) {
    call(methods.setCorePoolSize, pool, core);
  }

  @Override
  public void setMaxSize(int max) {
    call(methods.setMaximumPoolSize, pool, max);
  }

  @Override
  public boolean growsPastCoreOnlyWhenQueueFull() {
    return !TASK_QUEUE.equals(queue().getClass().getName());
  }

  @Override
  public String kindRefusal() {
    return null;
  }

  @Override
  public boolean scheduled() {
    return false;
  }
}
