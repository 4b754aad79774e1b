package io.poolpilot.agent.bootstrap;

import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

/**
 * What the advice woven into the pools calls: the JDK's {@code ThreadPoolExecutor}, Tomcat's copy
 * of it (the same methods, so the same hooks) and Jetty's {@code QueuedThreadPool} (its own {@code
 * job*} hooks). Pools are typed {@code Object} here, since the bridge cannot name framework types.
 * Each method does one small thing and never throws: a failure turns measurement off, is reported
 * once on stderr, and the pool goes on as if the agent were absent. Unwrapping never turns off, so
 * no wrapper made before a failure can reach the application.
 *
 * <p>The per-task path is {@link #submitted} (stamp and wrap), {@link #taskTaken} (unwrap, record
 * the queue wait, stamp the start) and {@link #taskFinishing} (record the run time): one wrapper,
 * two single-writer histogram increments, one thread-local look-up and three {@code
 * System.nanoTime()} calls, or two on a busy worker, whose next task starts at the clock reading
 * that ended the previous one.
 */
public final class ExecutorHooks {
  private static final PoolProbes PROBES = new PoolProbes();
  private static final String TOMCAT_TASK_QUEUE = "org.apache.tomcat.util.threads.TaskQueue";
  private static final ThreadLocal<WorkerTimings> CURRENT = new ThreadLocal<>();
  private static volatile boolean measuring;
  private static volatile boolean failed;

  /** Workers that were inside the old {@code getTask} when the agent started; see activate. */
  private static final Set<Thread> STALE_WORKERS = ConcurrentHashMap.newKeySet();

  private static volatile boolean staleWorkersMayExist;

  private ExecutorHooks() {}

  private static final java.util.concurrent.atomic.AtomicBoolean STARTED =
      new java.util.concurrent.atomic.AtomicBoolean();

  /**
   * True for the first agent start in this JVM only. An agent given twice ({@code -javaagent} and a
   * later attach, or two {@code -javaagent} flags) must not retransform, export and poll twice.
   */
  public static boolean claimStart() {
    return STARTED.compareAndSet(false, true);
  }

  /** Every pool seen so far. */
  public static PoolProbes probes() {
    return PROBES;
  }

  /**
   * Starts measuring, once the advice is in place. Pools built by classes of {@code agentLoader}
   * are the agent's own and are never reported.
   *
   * <p>A worker that was already waiting inside {@code getTask} when the class was retransformed
   * keeps running the old code until that call returns, and would hand the next task to the
   * application without unwrapping it. Such workers are found here, and until each has come back
   * for another task (or died), tasks are only wrapped for pools built while the agent was
   * watching, which cannot have such workers.
   */
  public static void activate(ClassLoader agentLoader) {
    ConstructionSite.agentLoader = agentLoader;
    for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
      if (waitsInGetTask(e.getValue())) {
        STALE_WORKERS.add(e.getKey());
      }
    }
    staleWorkersMayExist = !STALE_WORKERS.isEmpty();
    measuring = !failed;
  }

  private static boolean waitsInGetTask(StackTraceElement[] stack) {
    for (StackTraceElement frame : stack) {
      if ("getTask".equals(frame.getMethodName())
          && ("java.util.concurrent.ThreadPoolExecutor".equals(frame.getClassName())
              || PoolKind.TOMCAT_POOL.equals(frame.getClassName()))) {
        return true;
      }
    }
    return false;
  }

  /** Stops measuring for good; queued wrappers are still unwrapped. */
  public static void deactivate(String why) {
    if (!failed) {
      failed = true;
      measuring = false;
      System.err.println("[poolpilot] thread-pool measurement is off: " + why);
    }
  }

  public static boolean measuring() {
    return measuring;
  }

  /** The pool's constructor has returned. */
  public static void constructed(Object pool) {
    if (!measuring) {
      return;
    }
    try {
      PROBES.probeFor(pool, ConstructionSite.capture());
    } catch (Throwable t) {
      fail(t);
    }
  }

  /** A task is being submitted through {@code execute}: stamp it, if its queue allows. */
  public static Runnable submitted(Object pool, Runnable task, BlockingQueue<Runnable> queue) {
    if (!measuring || task == null || task instanceof TimedTask || !treatsTasksOpaquely(queue)) {
      return task;
    }
    if (staleWorkersMayExist && !builtWhileWatching(pool)) {
      return task;
    }
    return TimedTask.wrap(task, System.nanoTime(), Tracing.captureContext());
  }

  private static boolean builtWhileWatching(Object pool) {
    STALE_WORKERS.removeIf(t -> !t.isAlive());
    if (STALE_WORKERS.isEmpty()) {
      staleWorkersMayExist = false;
      return true;
    }
    PoolProbe probe = PROBES.find(pool);
    return probe != null && probe.site() != null;
  }

  /**
   * A new worker thread starts, possibly with a first task that never went through the queue.
   * Returns the first task as the application submitted it.
   */
  public static Runnable workerStarting(Object pool, Runnable firstTask) {
    try {
      if (measuring) {
        WorkerTimings timings = attach(pool);
        if (firstTask != null && !timings.probe.ignored()) {
          long now = System.nanoTime();
          timings.taskStarted(now, queueWaitOf(pool, firstTask, now));
        }
        enterContext(timings, firstTask);
      }
    } catch (Throwable t) {
      fail(t);
    }
    return unwrap(firstTask);
  }

  /** The worker asks for its next task: the previous one, if any, has ended. */
  public static WorkerTimings taskFinishing() {
    return taskFinishing(null);
  }

  /**
   * The worker asks {@code queue} (null: unknown) for its next task: the previous one, if any, has
   * ended. If the queue already holds work, the next task may start at this same clock reading; see
   * {@link WorkerTimings#mayStartAtPreviousEnd}.
   */
  public static WorkerTimings taskFinishing(BlockingQueue<Runnable> queue) {
    if (staleWorkersMayExist && STALE_WORKERS.remove(Thread.currentThread())) {
      staleWorkersMayExist = !STALE_WORKERS.isEmpty();
    }
    WorkerTimings timings = CURRENT.get();
    if (timings != null) {
      leaveContext(timings);
      if (timings.running) {
        long now = System.nanoTime();
        timings.taskEnded(now, queue != null && holdsWork(queue));
      }
    }
    return timings;
  }

  /**
   * Whether {@code queue} holds a task now, for the queues that can say so without taking a lock:
   * the JDK's {@code LinkedBlockingQueue} and Tomcat's subclass of it (a count in an atomic). Other
   * queues answer false, and their tasks' starts read the clock.
   */
  static boolean holdsWork(BlockingQueue<?> queue) {
    Class<?> type = queue.getClass();
    return (type == LinkedBlockingQueue.class || TOMCAT_TASK_QUEUE.equals(type.getName()))
        && !queue.isEmpty();
  }

  /**
   * The worker took {@code task} from the queue (null: the worker is about to exit). Returns the
   * task as the application submitted it.
   */
  public static Runnable taskTaken(Object pool, WorkerTimings timings, Runnable task) {
    if (task == null) {
      return null;
    }
    try {
      if (measuring) {
        if (timings == null) {
          // A worker that started before the agent did.
          timings = attach(pool);
        }
        if (!timings.probe.ignored()) {
          long now = startTimeOf(timings, task);
          timings.taskStarted(now, queueWaitOf(pool, task, now));
        }
        enterContext(timings, task);
      }
    } catch (Throwable t) {
      fail(t);
    }
    return unwrap(task);
  }

  /** When the worker started {@code task}: the previous task's end where that is exact enough. */
  private static long startTimeOf(WorkerTimings timings, Runnable task) {
    if (task instanceof TimedTask
        && timings.mayStartAtPreviousEnd(((TimedTask) task).submittedAt)) {
      return timings.previousEnd();
    }
    return System.nanoTime();
  }

  /** The worker thread is leaving its run loop, normally or because a task threw. */
  public static void workerExiting() {
    WorkerTimings timings = CURRENT.get();
    if (timings == null) {
      return;
    }
    CURRENT.remove();
    leaveContext(timings);
    try {
      if (timings.running) {
        timings.taskEnded(System.nanoTime());
      }
      timings.probe.retire(timings);
    } catch (Throwable t) {
      fail(t);
    }
  }

  /** The pool refused {@code task}; returns it as submitted, for the rejection handler. */
  public static Runnable rejected(Object pool, Runnable task) {
    countRejection(pool);
    return unwrap(task);
  }

  /**
   * Tomcat's {@code reject} returned normally: its handler took the task (ran it, dropped it), so
   * the pool did refuse it. A handler that throws is counted by {@link #executeThrew} instead,
   * since Tomcat's {@code execute} may still queue the task after that ({@code TaskQueue.force}).
   */
  public static void rejectionHandled(Object pool) {
    countRejection(pool);
  }

  /** {@code execute} ended by throwing {@code thrown}; a rejection if the pool refused the task. */
  public static void executeThrew(Object pool, Throwable thrown) {
    if (thrown instanceof RejectedExecutionException) {
      countRejection(pool);
    }
  }

  private static void countRejection(Object pool) {
    try {
      if (measuring) {
        PROBES.probeFor(pool, null).rejected.increment();
      }
    } catch (Throwable t) {
      fail(t);
    }
  }

  /**
   * A job is being submitted to a Jetty pool: stamp it, unless it is one of Jetty's own
   * long-running jobs (see {@link JettyJobs}) or a {@code Closeable} (Jetty closes the jobs left in
   * its queue at stop, which a wrapper would hide).
   */
  public static Runnable jobSubmitted(Runnable job, BlockingQueue<Runnable> queue) {
    if (!measuring
        || job == null
        || job instanceof TimedTask
        || job instanceof java.io.Closeable
        || !treatsTasksOpaquely(queue)
        || JettyJobs.isInternal(job)) {
      return job;
    }
    return TimedTask.wrap(job, System.nanoTime(), Tracing.captureContext());
  }

  /**
   * A Jetty runner thread is about to run {@code job}, which it took from the queue. Returns the
   * job as the application submitted it. Jetty's own long-running jobs are run unmeasured.
   */
  public static Runnable jobStarting(Object pool, Runnable job) {
    if (job == null) {
      return null;
    }
    Runnable task = unwrap(job);
    try {
      if (measuring) {
        WorkerTimings timings = attach(pool);
        if (!timings.probe.ignored() && !JettyJobs.isInternal(task)) {
          long now = System.nanoTime();
          timings.taskStarted(now, queueWaitOf(pool, job, now));
        }
        enterContext(timings, job);
      }
    } catch (Throwable t) {
      fail(t);
    }
    return task;
  }

  /** The job a Jetty runner thread was running has ended, normally or not. */
  public static void jobFinished() {
    WorkerTimings timings = CURRENT.get();
    if (timings != null) {
      leaveContext(timings);
      if (timings.running) {
        timings.taskEnded(System.nanoTime());
      }
    }
  }

  /**
   * The form in which {@code task} sits in {@code queue}, so that {@code remove(task)} finds it.
   */
  public static Runnable queuedFormOf(BlockingQueue<Runnable> queue, Runnable task) {
    if (task == null || task instanceof TimedTask || !treatsTasksOpaquely(queue)) {
      // Nothing in a queue the agent never wraps needs finding; a scheduled pool's queue also
      // removes in O(log n), which a scan here would spoil.
      return task;
    }
    for (Runnable queued : queue) {
      if (queued instanceof TimedTask && task.equals(((TimedTask) queued).task)) {
        return queued;
      }
    }
    return task;
  }

  /** Replaces every wrapper in {@code tasks} (what {@code shutdownNow} returns) by its task. */
  public static void unwrapAll(List<Runnable> tasks) {
    if (tasks == null) {
      return;
    }
    for (ListIterator<Runnable> it = tasks.listIterator(); it.hasNext(); ) {
      Runnable task = it.next();
      if (task instanceof TimedTask) {
        it.set(((TimedTask) task).task);
      }
    }
  }

  public static Runnable unwrap(Runnable task) {
    return task instanceof TimedTask ? ((TimedTask) task).task : task;
  }

  /** Makes the context {@code task} was submitted under current until the task ends. */
  private static void enterContext(WorkerTimings timings, Runnable task) {
    if (task instanceof TimedTask) {
      Object context = ((TimedTask) task).context();
      if (context != null) {
        timings.contextScope = Tracing.attach(context);
      }
    }
  }

  private static void leaveContext(WorkerTimings timings) {
    AutoCloseable scope = timings.contextScope;
    if (scope != null) {
      timings.contextScope = null;
      Tracing.close(scope);
    }
  }

  /** What the current thread is doing for its pool, or null if it is no pool's worker. */
  public static WorkerTimings currentWorker() {
    return CURRENT.get();
  }

  private static WorkerTimings attach(Object pool) {
    WorkerTimings timings = CURRENT.get();
    if (timings == null) {
      PoolProbe probe = PROBES.probeFor(pool, null);
      probe.threadSeen(Thread.currentThread().getName());
      timings = probe.newWorker();
      CURRENT.set(timings);
    }
    return timings;
  }

  /**
   * Nanoseconds {@code task} waited to start, or -1 where that cannot be known. A scheduled task
   * waits from the moment it became due, not from when it was scheduled.
   */
  private static long queueWaitOf(Object pool, Runnable task, long now) {
    if (task instanceof TimedTask) {
      return now - ((TimedTask) task).submittedAt;
    }
    if (pool instanceof ScheduledThreadPoolExecutor && task instanceof RunnableScheduledFuture) {
      return Math.max(0, -((RunnableScheduledFuture<?>) task).getDelay(TimeUnit.NANOSECONDS));
    }
    return -1;
  }

  /**
   * Whether the queue stores tasks without looking at them, so a wrapper cannot change its
   * behaviour: only the JDK's own FIFO queues and two servers' own, by exact class. A priority
   * queue compares its tasks, and a subclass or an unknown queue might look at them (a coalescing
   * queue that checks {@code contains} in {@code offer}, say): their tasks are not wrapped, and
   * their queue wait is not measured.
   */
  static boolean treatsTasksOpaquely(BlockingQueue<?> queue) {
    Class<?> type = queue.getClass();
    return type == LinkedBlockingQueue.class
        || type == SynchronousQueue.class
        || type == ArrayBlockingQueue.class
        || type == LinkedBlockingDeque.class
        || type == LinkedTransferQueue.class
        || isFrameworkFifoQueue(type.getName());
  }

  /**
   * Tomcat's {@code TaskQueue} (a {@code LinkedBlockingQueue} whose {@code offer} looks at the
   * pool's thread counts, never at the task) and Jetty's {@code BlockingArrayQueue}: the queues
   * those servers give their request pools. Checked last, so the JDK's queues pay nothing for it.
   */
  private static boolean isFrameworkFifoQueue(String queueClass) {
    return TOMCAT_TASK_QUEUE.equals(queueClass)
        || "org.eclipse.jetty.util.BlockingArrayQueue".equals(queueClass);
  }

  private static void fail(Throwable t) {
    deactivate(t.toString());
  }
}
