package io.poolpilot.agent.it.app;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * A plain application with the kinds of pools the agent must find, each given a fixed workload. It
 * prints what it did (the same lines with and without an agent), prints {@code workload done}, then
 * lingers until a line (or end of input) arrives on stdin or the linger time ends: the first
 * argument, in milliseconds, 120 s by default. Then it shuts every pool down, says which non-daemon
 * threads are still alive, and returns from main.
 *
 * <p>The pools, by the name the agent should give them:
 *
 * <ul>
 *   <li>{@code orders-worker-*}: an {@link ObservedPool} with core 2, max 4, a queue of 100; runs
 *       {@value #ORDERS} tasks.
 *   <li>{@code io.poolpilot.agent.it.app.PoolsApp}: {@code Executors.newFixedThreadPool(3)}, JDK
 *       thread names, unbounded queue; runs {@value #DEFAULTS} tasks.
 *   <li>{@code lane-*}: one thread; gets {@value #LANE_TASKS} tasks of {@value #LANE_TASK_MILLIS}
 *       ms at once, so the last one waits about 450 ms.
 *   <li>{@code bounded-*}: one thread, a queue of 2, abort policy. Its worker stays blocked until
 *       shutdown with 2 tasks queued behind it; {@value #REJECTED} more are rejected.
 *   <li>{@code ticker-*}: a scheduled pool ticking every 100 ms.
 *   <li>{@code early-*}: an {@link ObservedPool} built by {@link EarlyPoolAgent} before any later
 *       agent ran, when that agent is given. Its workers, parked since then, first get one task
 *       each, held until all of them run; then {@value #EARLY_TASKS} more tasks follow.
 * </ul>
 */
public final class PoolsApp {
  public static final int ORDERS = 20;
  public static final int DEFAULTS = 12;
  public static final int LANE_TASKS = 10;
  public static final long LANE_TASK_MILLIS = 50;
  public static final int REJECTED = 5;
  public static final int EARLY_TASKS = 5;
  public static final int TICKS = 5;

  private PoolsApp() {}

  public static void main(String[] args) throws Exception {
    long lingerMillis = args.length > 0 ? Long.parseLong(args[0]) : 120_000;
    CountDownLatch stop = stopOnInput();

    ObservedPool orders = new ObservedPool(2, 4, new LinkedBlockingQueue<>(100), "orders-worker-");
    ExecutorService defaults = Executors.newFixedThreadPool(3);
    ThreadPoolExecutor lane =
        new ThreadPoolExecutor(
            1, 1, 0, MILLISECONDS, new LinkedBlockingQueue<>(), new NamedThreadFactory("lane-"));
    ThreadPoolExecutor bounded =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            MILLISECONDS,
            new ArrayBlockingQueue<>(2),
            new NamedThreadFactory("bounded-"),
            new ThreadPoolExecutor.AbortPolicy());
    ScheduledThreadPoolExecutor ticker =
        new ScheduledThreadPoolExecutor(1, new NamedThreadFactory("ticker-"));
    ObservedPool early = EarlyPoolAgent.pool();
    CountDownLatch unblock = new CountDownLatch(1);

    say("orders: " + ORDERS + " tasks done, total " + sumOfOneTo(orders, ORDERS));
    say("orders: hooks saw " + orders.tasksSeenInAnotherForm() + " tasks in another form");
    say("default: " + DEFAULTS + " tasks done, total " + sumOfOneTo(defaults, DEFAULTS));
    runLane(lane);
    fillAndOverflow(bounded, unblock);
    tick(ticker);
    runEarly(early);
    say("workload done");

    stop.await(lingerMillis, MILLISECONDS);
    unblock.countDown();
    shutDown(orders, defaults, lane, bounded, ticker, early);
    say("non-daemon threads left: " + nonDaemonThreadsLeft());
    say("main returns");
  }

  private static int sumOfOneTo(ExecutorService pool, int n) throws Exception {
    List<Future<Integer>> results = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      int value = i;
      Callable<Integer> job = () -> value;
      results.add(pool.submit(job));
    }
    int total = 0;
    for (Future<Integer> result : results) {
      total += result.get();
    }
    return total;
  }

  private static void runLane(ThreadPoolExecutor lane) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(LANE_TASKS);
    for (int i = 0; i < LANE_TASKS; i++) {
      lane.execute(
          () -> {
            sleep(LANE_TASK_MILLIS);
            done.countDown();
          });
    }
    done.await();
    say("lane: " + LANE_TASKS + " tasks done");
  }

  private static void fillAndOverflow(ThreadPoolExecutor bounded, CountDownLatch unblock)
      throws InterruptedException {
    CountDownLatch blocking = new CountDownLatch(1);
    bounded.execute(
        () -> {
          blocking.countDown();
          awaitQuietly(unblock);
        });
    blocking.await();
    bounded.execute(() -> {});
    bounded.execute(() -> {});
    int rejected = 0;
    for (int i = 0; i < REJECTED; i++) {
      try {
        bounded.execute(() -> {});
      } catch (RejectedExecutionException expected) {
        rejected++;
      }
    }
    say("bounded: " + rejected + " rejected, " + bounded.getQueue().size() + " waiting");
  }

  private static void tick(ScheduledThreadPoolExecutor ticker) throws InterruptedException {
    CountDownLatch ticked = new CountDownLatch(TICKS);
    ticker.scheduleAtFixedRate(ticked::countDown, 0, 100, MILLISECONDS);
    ticked.await();
    say("ticker: ticked " + TICKS + " times");
  }

  private static void runEarly(ObservedPool early) throws Exception {
    if (early == null) {
      say("early: no early pool");
      return;
    }
    // One task per worker, each held until all run: every worker has then taken a task through
    // the getTask call it was parked in since before any later agent started.
    int workers = early.getPoolSize();
    CountDownLatch allBusy = new CountDownLatch(workers);
    List<Future<?>> firstRound = new ArrayList<>();
    for (int i = 0; i < workers; i++) {
      firstRound.add(
          early.submit(
              () -> {
                allBusy.countDown();
                awaitQuietly(allBusy);
              }));
    }
    awaitAll(firstRound);
    // A future completes inside the task; the worker comes back for more only after its hooks.
    // Wait until none is running a task, so that each has asked for work through the new code.
    while (early.getActiveCount() > 0) {
      Thread.onSpinWait();
    }
    List<Future<?>> secondRound = new ArrayList<>();
    for (int i = 0; i < EARLY_TASKS; i++) {
      secondRound.add(early.submit(() -> sleep(5)));
    }
    awaitAll(secondRound);
    say("early: " + workers + " + " + EARLY_TASKS + " more tasks done");
    say("early: hooks saw " + early.tasksSeenInAnotherForm() + " tasks in another form");
  }

  private static void awaitAll(List<Future<?>> results) throws Exception {
    for (Future<?> result : results) {
      result.get();
    }
  }

  private static void shutDown(ExecutorService... pools) throws InterruptedException {
    for (ExecutorService pool : pools) {
      if (pool != null) {
        pool.shutdown();
      }
    }
    for (ExecutorService pool : pools) {
      if (pool != null && !pool.awaitTermination(10, SECONDS)) {
        say("a pool did not terminate: " + pool);
      }
    }
  }

  /** Names of the non-daemon threads other than main still alive after 5 s of waiting. */
  private static List<String> nonDaemonThreadsLeft() throws InterruptedException {
    Thread self = Thread.currentThread();
    List<Thread> others = new ArrayList<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread != self && !thread.isDaemon()) {
        others.add(thread);
      }
    }
    long deadline = System.nanoTime() + SECONDS.toNanos(5);
    for (Thread thread : others) {
      thread.join(Math.max(1, NANOSECONDS.toMillis(deadline - System.nanoTime())));
    }
    return others.stream().filter(Thread::isAlive).map(Thread::getName).sorted().toList();
  }

  private static CountDownLatch stopOnInput() {
    CountDownLatch stop = new CountDownLatch(1);
    Thread watcher =
        new Thread(
            () -> {
              try {
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                    .readLine();
              } catch (IOException endOfInput) {
                // stops all the same
              }
              stop.countDown();
            },
            "stdin-watcher");
    watcher.setDaemon(true);
    watcher.start();
    return stop;
  }

  private static void say(String line) {
    System.out.println(line);
    System.out.flush();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
