package io.poolpilot.benchmarks.startup;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The smallest service worth measuring: a JDK {@link HttpServer} on an ephemeral loopback port, its
 * requests served by a {@code ThreadPoolExecutor} (the pool the agent measures). Prints {@code
 * port=<n>} on stdout once it accepts connections, and runs until killed.
 */
public final class HelloServer {
  private static final byte[] BODY = "hello\n".getBytes(StandardCharsets.UTF_8);

  private HelloServer() {}

  public static void main(String[] args) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(200, BODY.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(BODY);
          }
        });
    AtomicInteger threads = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            2, r -> new Thread(r, "hello-http-" + threads.incrementAndGet()));
    server.setExecutor(pool);
    server.start();
    System.out.println("port=" + server.getAddress().getPort());
    System.out.flush();
  }
}
