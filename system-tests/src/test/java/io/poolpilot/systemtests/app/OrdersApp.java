package io.poolpilot.systemtests.app;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain application with one request-like pool, {@code orders-*} (core 2, max 8, a bounded
 * queue), fed a steady trickle of short tasks. It knows nothing of PoolPilot: it prints its pool's
 * sizes whenever they change, so a test can see from inside the application what the agent did, and
 * it stops when its standard input closes.
 */
public final class OrdersApp {
  public static void main(String[] args) throws Exception {
    AtomicInteger threads = new AtomicInteger();
    ThreadPoolExecutor orders =
        new ThreadPoolExecutor(
            2,
            8,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(100),
            r -> new Thread(r, "orders-" + threads.incrementAndGet()));
    orders.prestartAllCoreThreads();
    Thread feeder =
        new Thread(
            () -> {
              String last = "";
              while (!orders.isShutdown()) {
                orders.execute(OrdersApp::work);
                String sizes =
                    "sizes core="
                        + orders.getCorePoolSize()
                        + " max="
                        + orders.getMaximumPoolSize();
                if (!sizes.equals(last)) {
                  System.out.println(sizes);
                  last = sizes;
                }
                try {
                  Thread.sleep(20);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "feeder");
    feeder.setDaemon(true);
    feeder.start();
    System.out.println("ready");
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    while (in.readLine() != null) {
      // runs until the test closes stdin
    }
    orders.shutdown();
    System.out.println("stopped");
  }

  private static void work() {
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2);
    while (System.nanoTime() < until) {
      Thread.onSpinWait();
    }
  }

  private OrdersApp() {}
}
