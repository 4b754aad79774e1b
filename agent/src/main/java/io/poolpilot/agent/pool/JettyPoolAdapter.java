package io.poolpilot.agent.pool;

import static io.poolpilot.agent.pool.Reflected.call;
import static io.poolpilot.agent.pool.Reflected.callBoolean;
import static io.poolpilot.agent.pool.Reflected.callInt;
import static io.poolpilot.agent.pool.Reflected.method;
import static io.poolpilot.agent.pool.Reflected.optionalMethod;

import io.poolpilot.protocol.TelemetryNames;
import java.lang.reflect.Method;
import java.util.concurrent.BlockingQueue;

/**
 * Jetty's {@code org.eclipse.jetty.util.thread.QueuedThreadPool}, in the JDK's words: its minimum
 * thread count is the core size, its maximum the maximum.
 *
 * <p>What is measured: every job that goes through the pool's queue ({@code execute}, then a runner
 * thread's {@code runJob}), except Jetty's own long-running jobs (selectors, acceptors, reserved
 * threads), which hold their threads for as long as they live. Tasks that Jetty hands to a reserved
 * thread ({@code tryExecute}) or that its adaptive execution strategy runs on the thread that
 * produced them never enter the queue: they have no queue wait, and they are not counted or timed.
 * So "active" here is Jetty's "utilized" threads, those running queued jobs, not the leased,
 * reserved or idle ones; and since Jetty does not count completed jobs, the completed count is the
 * number of measured jobs that finished.
 *
 * <p>Unlike the JDK's pool, Jetty's starts a thread whenever no thread is idle, up to its maximum,
 * whatever its queue holds: its maximum always matters.
 */
final class JettyPoolAdapter implements PoolAdapter {
  private static final ClassValue<Methods> METHODS =
      new ClassValue<>() {
        @Override
        protected Methods computeValue(Class<?> type) {
          return new Methods(type);
        }
      };

  /** The pool's methods, looked up once per pool class. */
  private static final class Methods {
    final Method getMinThreads;
    final Method getMaxThreads;
    final Method getThreads;
    final Method getUtilizedThreads;
    final Method getQueueSize;
    final Method isRunning;
    final Method isStopped;
    final Method isFailed;
    final Method setMinThreads;
    final Method setMaxThreads;

    /** Protected: null where a closed module keeps the agent out; its values are then left out. */
    final Method getQueue;

    Methods(Class<?> type) {
      getMinThreads = method(type, "getMinThreads");
      getMaxThreads = method(type, "getMaxThreads");
      getThreads = method(type, "getThreads");
      // Jetty 12.1 counts the threads running unleased jobs; older versions only all busy ones.
      Method utilized = optionalMethod(type, "getUtilizedThreads");
      getUtilizedThreads = utilized != null ? utilized : method(type, "getBusyThreads");
      getQueueSize = method(type, "getQueueSize");
      isRunning = method(type, "isRunning");
      isStopped = method(type, "isStopped");
      isFailed = method(type, "isFailed");
      setMinThreads = method(type, "setMinThreads", int.class);
      setMaxThreads = method(type, "setMaxThreads", int.class);
      getQueue = optionalMethod(type, "getQueue");
    }
  }

  private final Object pool;
  private final Methods methods;

  JettyPoolAdapter(Object pool) {
    this.pool = pool;
    this.methods = METHODS.get(pool.getClass());
  }

  @Override
  public Object target() {
    return pool;
  }

  @Override
  public String ownerName() {
    return TelemetryNames.OWNER_JETTY;
  }

  @Override
  public int coreSize() {
    return callInt(methods.getMinThreads, pool);
  }

  @Override
  public int maxSize() {
    return callInt(methods.getMaxThreads, pool);
  }

  @Override
  public int poolSize() {
    return callInt(methods.getThreads, pool);
  }

  @Override
  public int activeCount() {
    return Math.max(0, Math.min(poolSize(), callInt(methods.getUtilizedThreads, pool)));
  }

  @Override
  public int queueSize() {
    return callInt(methods.getQueueSize, pool);
  }

  @Override
  @SuppressWarnings("unchecked")
  public BlockingQueue<Runnable> queue() {
    return methods.getQueue == null ? null : (BlockingQueue<Runnable>) call(methods.getQueue, pool);
  }

  @Override
  public long completedTaskCount() {
    return -1;
  }

  /** Stopping, stopped or failed: a stopped pool refuses every job. */
  @Override
  public boolean isShutdown() {
    return !callBoolean(methods.isRunning, pool);
  }

  @Override
  public boolean isTerminated() {
    return callBoolean(methods.isStopped, pool) || callBoolean(methods.isFailed, pool);
  }

  @Override
  public void setCoreSize(int core) {
    call(methods.setMinThreads, pool, core);
  }

  @Override
  public void setMaxSize(int max) {
    call(methods.setMaxThreads, pool, max);
  }

  @Override
  public boolean growsPastCoreOnlyWhenQueueFull() {
    return false;
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
