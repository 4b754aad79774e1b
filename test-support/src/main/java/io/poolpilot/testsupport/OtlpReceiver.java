package io.poolpilot.testsupport;

import static org.awaitility.Awaitility.await;

import com.google.protobuf.InvalidProtocolBufferException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.poolpilot.protocol.control.ControlProtocol;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP receiver on a loopback port, playing a collector for an agent or the upstream a
 * sidecar forwards to. Export requests are {@code POST}s to a path ending in {@code /v1/metrics},
 * {@code /v1/traces} or {@code /v1/logs} (whatever comes before, so one receiver can take several
 * senders under their own prefixes) with a protobuf or JSON body; they are answered as the OTLP
 * specification says: 200 with an empty message, 405 for another method, 415 for another content
 * type, 400 for a protobuf body that does not decode.
 *
 * <p>It keeps every request as it arrived ({@link #requests()}), and decodes the protobuf metric
 * and span exports it answered with success ({@link #metrics()}, {@link #spans()}); JSON bodies are
 * kept as they are, not decoded. A test can script the statuses of the next exports ({@link
 * #answerNextExportsWith}), hold every request unanswered ({@link #hold()}, {@link #release()}),
 * and answer other paths with a set body ({@link #answerControlWith}, {@link #serve}); any other
 * path gets a 404. {@link #startCountingOnly()} keeps nothing but counts, for long runs.
 */
public final class OtlpReceiver implements AutoCloseable {
  /** Where the PoolPilot agent polls for its desired state, beside its OTLP exports. */
  public static final String CONTROL_PATH = ControlProtocol.PATH;

  public static final String METRICS_PATH = "/v1/metrics";
  public static final String TRACES_PATH = "/v1/traces";
  public static final String LOGS_PATH = "/v1/logs";

  private static final String PROTOBUF = "application/x-protobuf";
  private static final String JSON = "application/json";

  /** How many export requests arrived at one path, and their bodies' bytes as sent. */
  public record ExportCount(long requests, long bytes) {
    ExportCount plus(long moreBytes) {
      return new ExportCount(requests + 1, bytes + moreBytes);
    }
  }

  private record Served(String contentType, Supplier<String> body) {}

  private final HttpServer server;
  private final ExecutorService handlers;
  private final boolean keepRequests;
  private final List<ReceivedRequest> requests = new CopyOnWriteArrayList<>();
  private final List<ReceivedMetrics.Request> metricRequests = new CopyOnWriteArrayList<>();
  private final List<ExportTraceServiceRequest> traceRequests = new CopyOnWriteArrayList<>();
  private final Map<String, ExportCount> exportCounts = new ConcurrentHashMap<>();
  private final Queue<Integer> scriptedStatuses = new ConcurrentLinkedQueue<>();
  private final Map<String, Served> served = new ConcurrentHashMap<>();
  private final AtomicInteger arrived = new AtomicInteger();
  private final AtomicInteger held = new AtomicInteger();
  private volatile CountDownLatch holding;
  private volatile boolean closed;

  private OtlpReceiver(int port, boolean keepRequests) {
    this.keepRequests = keepRequests;
    try {
      server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind 127.0.0.1:" + port, e);
    }
    handlers =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "otlp-receiver");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(handlers);
    server.createContext("/", this::handle);
    server.start();
  }

  /** A receiver on an ephemeral port that answers every export with 200. */
  public static OtlpReceiver start() {
    return new OtlpReceiver(0, true);
  }

  /**
   * A receiver on {@code port}, an ephemeral port the test reserved and released, for a sender that
   * was told the address before anything listened there.
   */
  public static OtlpReceiver startOn(int port) {
    return new OtlpReceiver(port, true);
  }

  /**
   * A receiver that keeps neither requests nor decoded exports, only {@link #exportCounts()}, and
   * does not decode: a sink for senders that export for minutes.
   */
  public static OtlpReceiver startCountingOnly() {
    return new OtlpReceiver(0, false);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The base URL a sender's OTLP endpoint should name. */
  public String endpoint() {
    return "http://127.0.0.1:" + port();
  }

  /**
   * Answers the next export requests with these statuses in turn, each with {@code Retry-After: 0},
   * and the ones after them with 200 again. An export answered with an error is not decoded.
   */
  public OtlpReceiver answerNextExportsWith(int... statuses) {
    for (int status : statuses) {
      scriptedStatuses.add(status);
    }
    return this;
  }

  /** From now on reads and records every request but answers none, until {@link #release()}. */
  public synchronized OtlpReceiver hold() {
    if (holding == null) {
      holding = new CountDownLatch(1);
    }
    return this;
  }

  /** Answers the requests held so far, and every later one at once, as if never held. */
  public void release() {
    CountDownLatch released;
    synchronized (this) {
      released = holding;
      holding = null;
    }
    if (released != null) {
      released.countDown();
    }
  }

  /** Requests held without an answer, answered since or not. */
  public int heldRequestCount() {
    return held.get();
  }

  /**
   * From now on answers the agent's control polls ({@value #CONTROL_PATH}) with this JSON desired
   * state, as a sidecar would; until then they get a 404.
   */
  public void answerControlWith(String json) {
    serve(CONTROL_PATH, JSON, () -> json);
  }

  /** From now on answers every request to {@code path} with 200 and {@code body}'s current text. */
  public void serve(String path, String contentType, Supplier<String> body) {
    served.put(path, new Served(contentType, body));
  }

  /** Every request so far, in arrival order, whatever its path and whether answered or not. */
  public List<ReceivedRequest> requests() {
    requireKept();
    return List.copyOf(requests);
  }

  /** The requests to exactly {@code path} so far, such as {@code /v1/traces}. */
  public List<ReceivedRequest> requests(String path) {
    return requests().stream().filter(request -> request.path().equals(path)).toList();
  }

  /** Export requests and bytes per path so far, by path; kept also when counting only. */
  public Map<String, ExportCount> exportCounts() {
    return new TreeMap<>(exportCounts);
  }

  /** The metric exports answered with success so far, decoded, in arrival order. */
  public ReceivedMetrics metrics() {
    requireKept();
    return new ReceivedMetrics(List.copyOf(metricRequests));
  }

  /** Every span of the trace exports answered with success so far, decoded. */
  public ReceivedSpans spans() {
    requireKept();
    return new ReceivedSpans(List.copyOf(traceRequests));
  }

  /**
   * Waits for the agent's first metric export. Spans start once the agent's SDK is up, which the
   * first export shows, so a test that counts on a request's span sends it only after this.
   */
  public void awaitFirstMetricExport(Duration within) {
    await().atMost(within).until(() -> metrics().requestCount() > 0);
  }

  /** The first span received that passes {@code test}, waiting for it at most {@code within}. */
  public ReceivedSpans.Received awaitSpan(Predicate<ReceivedSpans.Received> test, Duration within) {
    return await()
        .atMost(within)
        .until(() -> spans().where(test), found -> !found.isEmpty())
        .get(0);
  }

  /** The first SERVER span received that passes {@code test}, waiting at most {@code within}. */
  public ReceivedSpans.Received awaitServerSpan(
      Predicate<ReceivedSpans.Received> test, Duration within) {
    return awaitSpan(s -> s.kind() == SpanKind.SPAN_KIND_SERVER && test.test(s), within);
  }

  /** What arrived and what was answered, for failure messages. */
  @Override
  public String toString() {
    return "OtlpReceiver{"
        + endpoint()
        + (holding != null ? ", holding" : "")
        + ", arrived="
        + arrived.get()
        + ", held="
        + held.get()
        + ", metric requests answered="
        + metricRequests.size()
        + ", exports="
        + exportCounts()
        + (keepRequests ? ", other=" + otherRequests() : "")
        + "}";
  }

  /** Stops listening; requests still held are dropped unanswered. */
  @Override
  public void close() {
    closed = true;
    release();
    server.stop(0);
    handlers.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      Instant at = Instant.now();
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      arrived.incrementAndGet();
      if (keepRequests) {
        requests.add(new ReceivedRequest(at, method, path, exchange.getRequestHeaders(), body));
      }
      String signal = signalOf(path);
      if (signal == null) {
        if (awaitRelease()) {
          answerOther(exchange, path);
        }
        return;
      }
      if (!"POST".equals(method)) {
        exchange.getResponseHeaders().add("Allow", "POST");
        respond(exchange, 405, null, new byte[0]);
        return;
      }
      exportCounts.merge(path, new ExportCount(1, body.length), (a, b) -> a.plus(body.length));
      String type = contentType(exchange);
      if (!type.equals(PROTOBUF) && !type.equals(JSON)) {
        respond(exchange, 415, null, new byte[0]);
        return;
      }
      Object decoded = null;
      if (keepRequests && type.equals(PROTOBUF)) {
        try {
          decoded = decode(signal, uncompressed(exchange, body));
        } catch (IOException notOtlp) {
          // Not gzip as it said, or not the protobuf message of its path.
          respond(exchange, 400, null, new byte[0]);
          return;
        }
      }
      if (awaitRelease()) {
        answerExport(exchange, type, at, decoded);
      }
    }
  }

  private void answerExport(HttpExchange exchange, String type, Instant at, Object decoded)
      throws IOException {
    Integer scripted = scriptedStatuses.poll();
    int status = scripted == null ? 200 : scripted;
    if (status / 100 != 2) {
      exchange.getResponseHeaders().set("Retry-After", "0");
      respond(exchange, status, null, new byte[0]);
      return;
    }
    if (decoded instanceof ExportMetricsServiceRequest metrics) {
      metricRequests.add(new ReceivedMetrics.Request(at, metrics));
    } else if (decoded instanceof ExportTraceServiceRequest traces) {
      traceRequests.add(traces);
    }
    // An empty export response message: zero bytes in protobuf, {} in JSON.
    byte[] empty = type.equals(JSON) ? "{}".getBytes(StandardCharsets.UTF_8) : new byte[0];
    respond(exchange, status, type, empty);
  }

  private void answerOther(HttpExchange exchange, String path) throws IOException {
    Served answer = served.get(path);
    if (answer == null) {
      respond(exchange, 404, null, new byte[0]);
      return;
    }
    respond(
        exchange, 200, answer.contentType(), answer.body().get().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Blocks while holding; returns whether to answer. A held request is never answered by accident:
   * only {@link #release()} lets it go, {@link #close()} drops it.
   */
  private boolean awaitRelease() {
    CountDownLatch latch = holding;
    if (latch == null) {
      return !closed;
    }
    held.incrementAndGet();
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    return !closed;
  }

  private static String signalOf(String path) {
    for (String signal : List.of("metrics", "traces", "logs")) {
      if (path.endsWith("/v1/" + signal)) {
        return signal;
      }
    }
    return null;
  }

  private static Object decode(String signal, byte[] body) throws InvalidProtocolBufferException {
    return switch (signal) {
      case "metrics" -> ExportMetricsServiceRequest.parseFrom(body);
      case "traces" -> ExportTraceServiceRequest.parseFrom(body);
      default -> ExportLogsServiceRequest.parseFrom(body);
    };
  }

  /** The media type alone, in lower case, or the empty string when none was sent. */
  private static String contentType(HttpExchange exchange) {
    String type = exchange.getRequestHeaders().getFirst("Content-Type");
    if (type == null) {
      return "";
    }
    int parameters = type.indexOf(';');
    return (parameters < 0 ? type : type.substring(0, parameters)).trim().toLowerCase(Locale.ROOT);
  }

  private static byte[] uncompressed(HttpExchange exchange, byte[] body) throws IOException {
    if (!"gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
      return body;
    }
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return in.readAllBytes();
    }
  }

  private static void respond(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    if (contentType != null) {
      exchange.getResponseHeaders().set("Content-Type", contentType);
    }
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private List<String> otherRequests() {
    return requests.stream()
        .filter(request -> signalOf(request.path()) == null)
        .map(request -> request.method() + " " + request.path())
        .toList();
  }

  private void requireKept() {
    if (!keepRequests) {
      throw new IllegalStateException("this receiver counts requests only; use exportCounts()");
    }
  }
}
