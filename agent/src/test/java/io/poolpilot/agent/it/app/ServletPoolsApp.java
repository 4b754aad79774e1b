package io.poolpilot.agent.it.app;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.tomcat.util.threads.TaskQueue;
import org.apache.tomcat.util.threads.TaskThreadFactory;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;
import org.eclipse.jetty.util.BlockingArrayQueue;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The request pools of two servlet containers, built directly, with no server around them:
 *
 * <ul>
 *   <li>{@code http-nio-8080-exec-*}: Tomcat's connector pool as Tomcat builds it (its {@code
 *       ThreadPoolExecutor}, a {@code TaskQueue}, a {@code TaskThreadFactory}), core 2, max 4;
 *   <li>{@code jetty-worker-*}: a Jetty {@code QueuedThreadPool} named {@code jetty-worker}, min 2,
 *       max 4;
 *   <li>{@code io.poolpilot.agent.it.app.ServletPoolsApp}: a Jetty pool with Jetty's default thread
 *       names ({@code qtp<hash>-<id>}), named by the class that built it.
 * </ul>
 *
 * Both see their tasks in their hooks ({@code beforeExecute}/{@code afterExecute}, {@code runJob})
 * and count any task that is not the application's own. Each of the first two runs {@value #TASKS}
 * tasks of {@value #TASK_MILLIS} ms submitted at once, so 8 of them wait; the third runs {@value
 * #DEFAULT_TASKS}. Then a one-thread Tomcat pool with a queue of one ({@code
 * tomcat-bounded-exec-*}) and a Jetty one ({@code jetty-bounded-*}) each refuse {@value #REJECTED}
 * tasks while full; their one worker stays busy until the end. It prints {@code workload done},
 * then on stdin {@code sizes} prints each pool's sizes as the pool itself reports them, and {@code
 * stop} (or end of input) stops everything.
 */
public final class ServletPoolsApp {
  public static final int TASKS = 12;
  public static final long TASK_MILLIS = 50;
  public static final int DEFAULT_TASKS = 3;
  public static final int REJECTED = 2;

  private ServletPoolsApp() {}

  public static void main(String[] args) throws Exception {
    TaskQueue queue = new TaskQueue();
    AtomicInteger foreign = new AtomicInteger();
    ThreadPoolExecutor tomcat =
        new ThreadPoolExecutor(
            2,
            4,
            10,
            TimeUnit.MINUTES,
            queue,
            new TaskThreadFactory("http-nio-8080-exec-", true, Thread.NORM_PRIORITY)) {
          @Override
          protected void beforeExecute(Thread thread, Runnable task) {
            countForeign(task, foreign);
          }

          @Override
          protected void afterExecute(Runnable task, Throwable thrown) {
            super.afterExecute(task, thrown);
            countForeign(task, foreign);
          }
        };
    queue.setParent(tomcat);
    tomcat.prestartAllCoreThreads();

    QueuedThreadPool jetty =
        new QueuedThreadPool(4, 2) {
          @Override
          protected void runJob(Runnable job) {
            countForeign(job, foreign);
            super.runJob(job);
          }
        };
    jetty.setName("jetty-worker");
    jetty.setDaemon(true);
    jetty.start();

    QueuedThreadPool unnamed = new QueuedThreadPool(2, 1);
    unnamed.setDaemon(true);
    unnamed.start();

    System.out.println("tomcat: " + runAll(tomcat::execute, TASKS) + " tasks done");
    System.out.println("jetty: " + runAll(jetty::execute, TASKS) + " tasks done");
    System.out.println("unnamed: " + runAll(unnamed::execute, DEFAULT_TASKS) + " tasks done");
    System.out.println("hooks saw " + foreign.get() + " tasks in another form");

    CountDownLatch release = new CountDownLatch(1);
    TaskQueue smallQueue = new TaskQueue(1);
    ThreadPoolExecutor tomcatBounded =
        new ThreadPoolExecutor(
            1,
            1,
            60,
            TimeUnit.SECONDS,
            smallQueue,
            new TaskThreadFactory("tomcat-bounded-exec-", true, Thread.NORM_PRIORITY));
    smallQueue.setParent(tomcatBounded);
    System.out.println("tomcat-bounded: " + refused(tomcatBounded::execute, release) + " rejected");

    QueuedThreadPool jettyBounded = new QueuedThreadPool(1, 1, new BlockingArrayQueue<>(1, 0, 1));
    jettyBounded.setName("jetty-bounded");
    jettyBounded.setReservedThreads(0);
    jettyBounded.setDaemon(true);
    jettyBounded.start();
    System.out.println("jetty-bounded: " + refused(jettyBounded::execute, release) + " rejected");
    System.out.println("workload done");

    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null && !line.equals("stop")) {
      if (line.equals("sizes")) {
        System.out.println(
            "tomcat sizes " + tomcat.getCorePoolSize() + "/" + tomcat.getMaximumPoolSize());
        System.out.println("jetty sizes " + jetty.getMinThreads() + "/" + jetty.getMaxThreads());
      }
    }
    release.countDown();
    tomcat.shutdownNow();
    tomcatBounded.shutdownNow();
    jetty.stop();
    unnamed.stop();
    jettyBounded.stop();
  }

  /** Counts a task the application never made: a wrapper of the agent's that leaked out. */
  private static void countForeign(Runnable task, AtomicInteger foreign) {
    if (task.getClass().getName().startsWith("io.poolpilot.agent.bootstrap.")) {
      foreign.incrementAndGet();
    }
  }

  private interface Executor {
    void execute(Runnable task);
  }

  /**
   * Occupies the pool's one thread and its one queue slot until {@code release}, then submits
   * {@value #REJECTED} more tasks, which the pool must refuse; returns how many it refused.
   */
  private static int refused(Executor pool, CountDownLatch release) throws InterruptedException {
    CountDownLatch running = new CountDownLatch(1);
    pool.execute(
        () -> {
          running.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    running.await();
    pool.execute(() -> {});
    int refused = 0;
    for (int i = 0; i < REJECTED; i++) {
      try {
        pool.execute(() -> {});
      } catch (RejectedExecutionException expected) {
        refused++;
      }
    }
    return refused;
  }

  /** Submits {@code count} tasks at once and waits for all of them; returns how many ran. */
  private static int runAll(Executor pool, int count) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(count);
    for (int i = 0; i < count; i++) {
      pool.execute(
          () -> {
            try {
              Thread.sleep(TASK_MILLIS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            done.countDown();
          });
    }
    if (!done.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("tasks did not finish");
    }
    return count;
  }
}
