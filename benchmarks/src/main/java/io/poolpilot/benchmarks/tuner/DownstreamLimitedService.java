package io.poolpilot.benchmarks.tuner;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The service the real-JVM tuner evaluation tunes: a plain JDK {@link HttpServer} whose requests
 * run on one fixed-size pool, {@code requests-*}, each doing the three kinds of work a tuner must
 * tell apart: CPU ({@link Work#cpuMillis}), a blocking wait that scales with nothing ({@link
 * Work#ioMillis}, a cache or a disk), and a call to a {@link LimitedDownstream} that is fast up to
 * {@code nStar} calls at once and makes the rest wait. No PoolPilot code is in it: the agent finds
 * the pool by the server spans its threads run, as in any application.
 *
 * <p>The pool's queue is unbounded, as with {@code Executors.newFixedThreadPool}; a request that
 * waited in it longer than {@link Work#shedAfterMillis} (the sidecar's queue-wait objective, 50 ms)
 * is answered 503 at once instead of worked on, as a deadline-aware service does: under overload a
 * FIFO queue otherwise fills until every request waits past any objective, and no pool size would
 * answer anything in time, which would leave nothing to compare. The wait of a refused request
 * still shows in the pool's queue-wait telemetry, so the tuner sees the overload.
 *
 * <p>{@code DownstreamLimitedService <threads>}; prints {@code port=<port>} once it accepts
 * requests on a free loopback port, {@code GET /work} does one request's work.
 */
public final class DownstreamLimitedService {

  /** What one request does; the same for every variant, so only the pool size differs. */
  record Work(
      long cpuMillis, long ioMillis, long downstreamMillis, int nStar, long shedAfterMillis) {
    static final Work STANDARD = new Work(2, 8, 25, 3, 50);

    /** The time one request takes with no queueing and the downstream uncrowded. */
    long nominalMillis() {
      return cpuMillis + ioMillis + downstreamMillis;
    }
  }

  private static final ThreadLocal<Long> QUEUED_AT = new ThreadLocal<>();

  private final Work work;
  private final LimitedDownstream downstream;
  private final HttpServer server;
  private final ThreadPoolExecutor requests;

  private DownstreamLimitedService(int threads, Work work) throws IOException {
    this.work = work;
    this.downstream = new LimitedDownstream(work.nStar(), work.downstreamMillis());
    AtomicInteger next = new AtomicInteger(1);
    this.requests =
        new ThreadPoolExecutor(
            threads,
            threads,
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            task -> new Thread(task, "requests-" + next.getAndIncrement()));
    this.server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    server.createContext("/work", this::handle);
    server.setExecutor(
        task -> {
          long queuedAt = System.nanoTime();
          requests.execute(
              () -> {
                QUEUED_AT.set(queuedAt);
                task.run();
              });
        });
    server.start();
  }

  private void handle(HttpExchange exchange) {
    Long queuedAt = QUEUED_AT.get();
    long start = System.nanoTime();
    if (queuedAt != null
        && start - queuedAt > TimeUnit.MILLISECONDS.toNanos(work.shedAfterMillis())) {
      respond(exchange, 503, "shed: waited past the deadline\n");
      return;
    }
    long checksum = 0;
    long cpuUntil = start + TimeUnit.MILLISECONDS.toNanos(work.cpuMillis());
    while (System.nanoTime() < cpuUntil) {
      checksum = checksum * 6364136223846793005L + 1442695040888963407L;
    }
    try {
      TimeUnit.MILLISECONDS.sleep(work.ioMillis());
      downstream.call();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      respond(exchange, 503, "shutting down\n");
      return;
    }
    respond(exchange, 200, "done " + Long.toHexString(checksum & 0xff) + "\n");
  }

  private static void respond(HttpExchange exchange, int status, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    try (exchange;
        OutputStream out = exchange.getResponseBody()) {
      exchange.sendResponseHeaders(status, bytes.length);
      out.write(bytes);
    } catch (IOException clientWentAway) {
      // Nothing to tell a client that is gone; the exchange is closed either way.
    }
  }

  public static void main(String[] args) throws IOException {
    int threads = args.length == 1 ? parseThreads(args[0]) : -1;
    if (threads < 1) {
      System.err.println("usage: DownstreamLimitedService <threads, a whole number from 1>");
      System.exit(2);
    }
    DownstreamLimitedService service = new DownstreamLimitedService(threads, Work.STANDARD);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> service.server.stop(0)));
    System.out.println("port=" + service.server.getAddress().getPort());
  }

  private static int parseThreads(String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
