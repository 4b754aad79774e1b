package io.poolpilot.systemtests.app;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A plain application with one mis-sized pool, {@code work-*}, fed at a constant arrival rate (open
 * loop: the submitter never waits for the pool). Arguments: {@code io|cpu threads tasksPerSecond
 * taskMillis}; an {@code io} task sleeps for its time (a downstream call), a {@code cpu} task burns
 * that much CPU time. It prints the pool's sizes whenever they change and stops when its standard
 * input closes.
 */
public final class LoadedPoolApp {
  public static void main(String[] args) throws Exception {
    boolean cpu = args[0].equals("cpu");
    int threads = Integer.parseInt(args[1]);
    double rate = Double.parseDouble(args[2]);
    long taskNanos = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[3]));
    AtomicInteger named = new AtomicInteger();
    ThreadPoolExecutor work =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> new Thread(r, "work-" + named.incrementAndGet()));
    Runnable task = cpu ? () -> burn(taskNanos) : () -> sleep(taskNanos);
    Thread submitter =
        new Thread(
            () -> {
              long start = System.nanoTime();
              long interval = (long) (1e9 / rate);
              for (long i = 0; !work.isShutdown(); i++) {
                long due = start + i * interval;
                long now = System.nanoTime();
                if (due > now) {
                  LockSupport.parkNanos(due - now);
                }
                try {
                  work.execute(task);
                } catch (java.util.concurrent.RejectedExecutionException shutDown) {
                  return;
                }
              }
            },
            "submitter");
    submitter.setDaemon(true);
    submitter.start();
    Thread reporter =
        new Thread(
            () -> {
              String last = "";
              while (!work.isShutdown()) {
                String sizes =
                    "sizes core=" + work.getCorePoolSize() + " max=" + work.getMaximumPoolSize();
                if (!sizes.equals(last)) {
                  System.out.println(sizes);
                  last = sizes;
                }
                sleep(TimeUnit.MILLISECONDS.toNanos(50));
              }
            },
            "reporter");
    reporter.setDaemon(true);
    reporter.start();
    System.out.println("ready");
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    while (in.readLine() != null) {
      // runs until the test closes stdin
    }
    work.shutdownNow();
    System.out.println("stopped");
  }

  private static void sleep(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** Spins until this thread has used {@code nanos} of CPU time. */
  private static void burn(long nanos) {
    long until = THREADS.getCurrentThreadCpuTime() + nanos;
    double sink = 0;
    while (THREADS.getCurrentThreadCpuTime() < until) {
      for (int i = 0; i < 1000; i++) {
        sink += Math.sqrt(i + sink);
      }
    }
    if (sink == 42) {
      System.out.print("");
    }
  }

  private LoadedPoolApp() {}
}
