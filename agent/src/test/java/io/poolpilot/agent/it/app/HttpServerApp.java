package io.poolpilot.agent.it.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A JDK {@code HttpServer} application, written as one would without an agent: requests run on a
 * pool of {@code http-worker-} threads; {@code /orders/...} hands its work to a second pool ({@code
 * order-work-}) and waits for it, {@code /fail} throws, {@code /unavailable} answers 503. Prints
 * {@code listening <port>} and stops on a line on stdin.
 */
public final class HttpServerApp {
  private HttpServerApp() {}

  public static void main(String[] args) throws Exception {
    ExecutorService requests =
        new ThreadPoolExecutor(
            2,
            2,
            0,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            new NamedThreadFactory("http-worker-"));
    ExecutorService work =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            new NamedThreadFactory("order-work-"));
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(requests);
    server.createContext(
        "/orders",
        exchange -> {
          Future<String> result = work.submit(() -> OrderWork.price(exchange.getRequestURI()));
          try {
            respond(exchange, 200, result.get());
          } catch (Exception e) {
            respond(exchange, 500, e.toString());
          }
        });
    server.createContext(
        "/fail",
        exchange -> {
          throw new IllegalStateException("handler failed");
        });
    server.createContext("/unavailable", exchange -> respond(exchange, 503, "try later"));
    server.start();
    System.out.println("listening " + server.getAddress().getPort());

    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    server.stop(0);
    requests.shutdown();
    work.shutdown();
    System.out.println("stopped");
  }

  static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** The work a request hands to the second pool; named in the agent's {@code handlers} key. */
  public static final class OrderWork {
    private OrderWork() {}

    public static String price(Object order) {
      return "priced " + order;
    }
  }
}
