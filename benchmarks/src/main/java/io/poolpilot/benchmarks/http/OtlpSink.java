package io.poolpilot.benchmarks.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where the agents under test send their telemetry: answers {@code 200} with an empty body (an
 * empty protobuf message is a valid OTLP export response) to every {@code POST} whose path ends in
 * {@code /v1/traces}, {@code /v1/metrics} or {@code /v1/logs}, whatever comes before it, and {@code
 * 404} to anything else (so PoolPilot's control channel, finding no sidecar, backs off). It runs as
 * a process of its own so that receiving costs the measured service nothing; it does not decode
 * what it gets, but counts requests and bytes per path, so the benchmark can check that export
 * really happened and see how much each agent sends. {@code GET /stats} returns the counts, one
 * {@code path requests bytes} line per path.
 *
 * <p>Prints {@code port=<n>} once it accepts connections and runs until killed.
 */
public final class OtlpSink {
  private final Map<String, LongAdder[]> received = new ConcurrentHashMap<>();

  private OtlpSink() {}

  public static void main(String[] args) throws IOException {
    OtlpSink sink = new OtlpSink();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    server.createContext("/", sink::handle);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
    System.out.println("port=" + server.getAddress().getPort());
    System.out.flush();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      String path = exchange.getRequestURI().getPath();
      long bytes = drain(exchange.getRequestBody());
      if ("GET".equals(exchange.getRequestMethod()) && "/stats".equals(path)) {
        answer(exchange, 200, stats());
      } else if ("POST".equals(exchange.getRequestMethod()) && isOtlp(path)) {
        LongAdder[] counts =
            received.computeIfAbsent(path, p -> new LongAdder[] {new LongAdder(), new LongAdder()});
        counts[0].increment();
        counts[1].add(bytes);
        exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(200, -1);
      } else {
        answer(exchange, 404, "not an OTLP path: " + path + "\n");
      }
    } finally {
      exchange.close();
    }
  }

  private static boolean isOtlp(String path) {
    return path.endsWith("/v1/traces") || path.endsWith("/v1/metrics") || path.endsWith("/v1/logs");
  }

  private String stats() {
    StringBuilder out = new StringBuilder();
    new TreeMap<>(received)
        .forEach(
            (path, counts) ->
                out.append(path)
                    .append(' ')
                    .append(counts[0].sum())
                    .append(' ')
                    .append(counts[1].sum())
                    .append('\n'));
    return out.toString();
  }

  private static long drain(InputStream body) throws IOException {
    byte[] buffer = new byte[16_384];
    long total = 0;
    int n;
    while ((n = body.read(buffer)) >= 0) {
      total += n;
    }
    return total;
  }

  private static void answer(HttpExchange exchange, int status, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
