package io.poolpilot.benchmarks.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The application the HTTP benchmark measures, with no PoolPilot code in it: a JDK {@link
 * HttpServer} whose requests run on a 16-thread {@link ThreadPoolExecutor} (the request pool the
 * agent measures and names in its spans). {@code GET /orders?customer=<n>} prices a customer's
 * order: it parses the query, builds 20 order lines, totals them and renders about 1 KB of JSON (a
 * little real work, some tens of microseconds), then waits for a simulated downstream call so that
 * the request takes about 1 ms in all, the shape of a typical small service.
 *
 * <p>Prints {@code port=<n>} once it accepts connections and runs until killed. Start it with
 * {@code -Dsun.net.httpserver.nodelay=true}, or keep-alive responses wait about 40 ms for Nagle's
 * algorithm.
 */
public final class OrderService {
  static final int POOL_THREADS = 16;

  /** Set to {@code true} to record spans and metrics with the OpenTelemetry SDK by hand. */
  static final String SDK_FLOOR = "orders.sdkFloor";

  static final long REQUEST_NANOS = TimeUnit.MICROSECONDS.toNanos(1_000);
  private static final int LINES = 20;
  private static final String[] PRODUCTS = {
    "espresso beans", "filter papers", "grinder burr", "milk jug", "tamper", "descaler", "scale"
  };

  private OrderService() {}

  public static void main(String[] args) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    server.createContext(
        "/orders",
        Boolean.getBoolean(SDK_FLOOR)
            ? SdkTelemetryFloor.around(OrderService::price, "/orders")
            : OrderService::price);
    AtomicInteger threads = new AtomicInteger();
    server.setExecutor(
        new ThreadPoolExecutor(
            POOL_THREADS,
            POOL_THREADS,
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> new Thread(r, "orders-http-" + threads.incrementAndGet())));
    server.start();
    System.out.println("port=" + server.getAddress().getPort());
    System.out.flush();
  }

  private static void price(HttpExchange exchange) throws IOException {
    long start = System.nanoTime();
    try {
      exchange.getRequestBody().readAllBytes();
      long customer = customerOf(exchange.getRequestURI().getRawQuery());
      if (customer < 0) {
        send(exchange, 400, "{\"error\":\"customer=<number> is required\"}");
        return;
      }
      byte[] body = renderOrder(customer);
      awaitDownstream(start);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    } finally {
      exchange.close();
    }
  }

  static long customerOf(String query) {
    if (query == null) {
      return -1;
    }
    for (String pair : query.split("&")) {
      if (pair.startsWith("customer=")) {
        try {
          return Long.parseLong(pair.substring("customer=".length()));
        } catch (NumberFormatException e) {
          return -1;
        }
      }
    }
    return -1;
  }

  /** The order of one customer, the same every time: 20 lines, their total, as JSON. */
  static byte[] renderOrder(long customer) {
    SplittableRandom random = new SplittableRandom(customer);
    StringBuilder json = new StringBuilder(1536);
    json.append("{\"customer\":").append(customer).append(",\"lines\":[");
    long totalCents = 0;
    for (int i = 0; i < LINES; i++) {
      String product = PRODUCTS[random.nextInt(PRODUCTS.length)];
      int quantity = 1 + random.nextInt(5);
      long priceCents = 199 + random.nextInt(4_800);
      long lineCents = quantity * priceCents;
      totalCents += lineCents;
      json.append(i == 0 ? "" : ",")
          .append("{\"sku\":\"SKU-")
          .append(Long.toHexString(random.nextLong() & 0xffffffL))
          .append("\",\"product\":\"")
          .append(product)
          .append("\",\"quantity\":")
          .append(quantity)
          .append(",\"price\":")
          .append(cents(priceCents))
          .append('}');
    }
    long taxCents = Math.round(totalCents * 0.2);
    json.append("],\"net\":")
        .append(cents(totalCents))
        .append(",\"tax\":")
        .append(cents(taxCents))
        .append(",\"total\":")
        .append(cents(totalCents + taxCents))
        .append('}');
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String cents(long cents) {
    return cents / 100 + "." + (cents % 100 < 10 ? "0" : "") + cents % 100;
  }

  /** The simulated downstream call: parked (no CPU) until the request is 1 ms old. */
  private static void awaitDownstream(long start) {
    long left;
    while ((left = start + REQUEST_NANOS - System.nanoTime()) > 0) {
      LockSupport.parkNanos(left);
    }
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
