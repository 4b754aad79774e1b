package io.poolpilot.examples.pressure;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An order service sized the way many are: a few worker threads and a generous bounded queue. It is
 * the shape PoolPilot exists for. A {@link ThreadPoolExecutor} only starts threads beyond its core
 * size once the queue is full, so under a burst orders pile up in the queue and wait, while the
 * pool stays at its core size and the machine has CPU to spare.
 *
 * <p>The JDK HTTP server's dispatcher thread only hands each request to the {@code orders-*} pool;
 * a pool thread does the work (about {@code --work-ms} of which a quarter is CPU and the rest a
 * blocking call, like a database round trip) and sends the response. A full queue answers 503.
 *
 * <p>{@code BurstyOrderService [port] [--core N] [--max N] [--queue N] [--work-ms N]}; port 0 or
 * none picks a free port. Prints {@code listening on <port>} once it accepts requests.
 */
public final class BurstyOrderService implements AutoCloseable {

  /** The pool's shape and the work per order. */
  public record Options(int port, int core, int max, int queue, long workMillis) {

    public static final Options DEFAULTS = new Options(0, 2, 16, 1000, 20);

    public Options {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port " + port + " outside 0..65535");
      }
      if (core < 1 || max < core || queue < 1 || workMillis < 0) {
        throw new IllegalArgumentException(
            "expected 1 <= core <= max, queue >= 1 and work >= 0, got core="
                + core
                + " max="
                + max
                + " queue="
                + queue
                + " work-ms="
                + workMillis);
      }
    }
  }

  private static final double CPU_SHARE = 0.25;

  private final HttpServer server;
  private final ThreadPoolExecutor orders;
  private final long workNanos;
  private final AtomicLong placed = new AtomicLong();

  private BurstyOrderService(Options options) throws IOException {
    this.workNanos = TimeUnit.MILLISECONDS.toNanos(options.workMillis());
    this.orders =
        new ThreadPoolExecutor(
            options.core(),
            options.max(),
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(options.queue()),
            named("orders-"));
    this.server =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port()), 1024);
    server.createContext("/orders", this::placeOrder);
    server.createContext("/health", exchange -> respond(exchange, 200, "ok\n"));
    server.start();
  }

  /** Starts the service; it accepts requests when this returns. */
  public static BurstyOrderService start(Options options) throws IOException {
    return new BurstyOrderService(options);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The pool, so tests can look at it; the service never resizes it. */
  ThreadPoolExecutor pool() {
    return orders;
  }

  @Override
  public void close() {
    server.stop(0);
    orders.shutdownNow();
  }

  private void placeOrder(HttpExchange exchange) {
    try {
      orders.execute(() -> work(exchange));
    } catch (RejectedExecutionException e) {
      respond(exchange, 503, "busy: order queue full\n");
    }
  }

  private void work(HttpExchange exchange) {
    long start = System.nanoTime();
    long cpuUntil = start + (long) (workNanos * CPU_SHARE);
    long checksum = 0;
    while (System.nanoTime() < cpuUntil) {
      checksum = checksum * 6364136223846793005L + 1442695040888963407L;
    }
    long remaining = start + workNanos - System.nanoTime();
    try {
      TimeUnit.NANOSECONDS.sleep(Math.max(0, remaining));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      respond(exchange, 503, "shutting down\n");
      return;
    }
    long order = placed.incrementAndGet();
    respond(
        exchange, 200, "order " + order + " placed (" + Long.toHexString(checksum & 0xff) + ")\n");
  }

  private static void respond(HttpExchange exchange, int status, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    try (exchange;
        OutputStream out = exchange.getResponseBody()) {
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      exchange.sendResponseHeaders(status, bytes.length);
      out.write(bytes);
    } catch (IOException clientWentAway) {
      // Nothing to tell a client that is gone; the exchange is closed either way.
    }
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger next = new AtomicInteger(1);
    return task -> new Thread(task, prefix + next.getAndIncrement());
  }

  public static void main(String[] args) throws IOException {
    Options options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("BurstyOrderService: " + e.getMessage());
      System.err.println(
          "usage: BurstyOrderService [port] [--core N] [--max N] [--queue N] [--work-ms N]");
      System.exit(2);
      return;
    }
    BurstyOrderService service = start(options);
    Runtime.getRuntime().addShutdownHook(new Thread(service::close));
    // The server's dispatcher thread keeps the JVM running after main returns.
    System.out.println("listening on " + service.port());
  }

  static Options parse(String[] args) {
    Options d = Options.DEFAULTS;
    int port = d.port();
    int core = d.core();
    int max = d.max();
    int queue = d.queue();
    long work = d.workMillis();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        port = number(arg, "port");
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(arg + " needs a value");
      }
      String value = args[++i];
      switch (arg) {
        case "--core" -> core = number(value, arg);
        case "--max" -> max = number(value, arg);
        case "--queue" -> queue = number(value, arg);
        case "--work-ms" -> work = number(value, arg);
        default -> throw new IllegalArgumentException("unknown option " + arg);
      }
    }
    return new Options(port, core, max, queue, work);
  }

  private static int number(String value, String what) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " '" + value + "' is not a whole number");
    }
  }
}
