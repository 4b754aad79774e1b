package io.poolpilot.agent.it;

import static org.awaitility.Awaitility.await;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * A minimal OTLP/HTTP receiver on the loopback interface: {@code POST /v1/metrics} and {@code
 * /v1/traces} with protobuf bodies, decoded with the real OTLP classes and answered as the
 * specification says (200 with an empty response message). It can also play a hung endpoint that
 * reads each request and never answers, until {@link #stopHanging()}.
 */
public final class OtlpReceiver implements AutoCloseable {
  private static final String PROTOBUF = "application/x-protobuf";
  private static final String CONTROL_PATH = "/v1/poolpilot/control";

  private final HttpServer server;
  private final ExecutorService handlers;
  private final List<ReceivedMetrics.Request> metricRequests = new CopyOnWriteArrayList<>();
  private final List<ExportTraceServiceRequest> traceRequests = new CopyOnWriteArrayList<>();
  private final List<String> otherRequests = new CopyOnWriteArrayList<>();
  private final AtomicInteger hungRequests = new AtomicInteger();
  private final AtomicInteger arrivedRequests = new AtomicInteger();
  private final AtomicInteger arrivedTraceRequests = new AtomicInteger();
  private final CountDownLatch released = new CountDownLatch(1);
  private volatile boolean hanging;
  private volatile boolean closed;
  private volatile byte[] controlAnswer;

  private OtlpReceiver(int port, boolean hanging) {
    this.hanging = hanging;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
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
    server.createContext("/v1/metrics", this::onMetrics);
    server.createContext("/v1/traces", this::onTraces);
    server.createContext("/", this::onOther);
    server.start();
  }

  /** A receiver on an ephemeral port that answers every request. */
  public static OtlpReceiver start() {
    return new OtlpReceiver(0, false);
  }

  /** A receiver on {@code port}, for an agent that was told that address before it existed. */
  public static OtlpReceiver startOn(int port) {
    return new OtlpReceiver(port, false);
  }

  /** A receiver that accepts connections, reads requests and never answers them. */
  public static OtlpReceiver startHung() {
    return new OtlpReceiver(0, true);
  }

  /** Answers the requests held so far, and every later one, as a healthy receiver does. */
  public void stopHanging() {
    hanging = false;
    released.countDown();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The base URL an agent's {@code endpoint} should name. */
  public String endpoint() {
    return "http://127.0.0.1:" + port();
  }

  /** The metric export requests answered so far, in arrival order. */
  public ReceivedMetrics metrics() {
    return new ReceivedMetrics(List.copyOf(metricRequests));
  }

  /** Every span received so far, decoded. */
  public ReceivedSpans spans() {
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

  /** Span export requests that arrived, answered or not (a hung receiver answers none). */
  public int arrivedTraceRequestCount() {
    return arrivedTraceRequests.get();
  }

  public int traceRequestCount() {
    return traceRequests.size();
  }

  /** Requests held without an answer while hanging, answered or not since. */
  public int hungRequestCount() {
    return hungRequests.get();
  }

  /**
   * From now on answers the agent's control polls ({@code POST /v1/poolpilot/control}) with this
   * JSON desired state, as a sidecar would; until then they get a 404.
   */
  public void answerControlWith(String json) {
    controlAnswer = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Method and path of every request to any other path, such as the control protocol. */
  public List<String> otherRequests() {
    return List.copyOf(otherRequests);
  }

  /** Request counts, for failure messages. */
  @Override
  public String toString() {
    return "OtlpReceiver{"
        + endpoint()
        + (hanging ? ", hanging" : "")
        + ", arrived="
        + arrivedRequests.get()
        + ", held="
        + hungRequests.get()
        + ", metric requests answered="
        + metricRequests.size()
        + ", other="
        + otherRequests
        + "}";
  }

  /** Every request that reached this receiver, whatever its path and whether answered or not. */
  public int totalRequestCount() {
    return arrivedRequests.get();
  }

  private void onMetrics(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = protobufBody(exchange);
      if (body == null) {
        return;
      }
      ExportMetricsServiceRequest request;
      try {
        request = ExportMetricsServiceRequest.parseFrom(body);
      } catch (InvalidProtocolBufferException e) {
        respond(exchange, 400, new byte[0]);
        return;
      }
      if (!answerAfterHanging()) {
        return;
      }
      metricRequests.add(new ReceivedMetrics.Request(Instant.now(), request));
      respond(exchange, ExportMetricsServiceResponse.getDefaultInstance());
    }
  }

  private void onTraces(HttpExchange exchange) throws IOException {
    arrivedTraceRequests.incrementAndGet();
    try (exchange) {
      byte[] body = protobufBody(exchange);
      if (body == null) {
        return;
      }
      ExportTraceServiceRequest request;
      try {
        request = ExportTraceServiceRequest.parseFrom(body);
      } catch (InvalidProtocolBufferException e) {
        respond(exchange, 400, new byte[0]);
        return;
      }
      if (!answerAfterHanging()) {
        return;
      }
      traceRequests.add(request);
      respond(exchange, ExportTraceServiceResponse.getDefaultInstance());
    }
  }

  private void onOther(HttpExchange exchange) throws IOException {
    arrivedRequests.incrementAndGet();
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      otherRequests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
      if (!answerAfterHanging()) {
        return;
      }
      byte[] control = controlAnswer;
      if (control != null && exchange.getRequestURI().getPath().equals(CONTROL_PATH)) {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        respond(exchange, 200, control);
        return;
      }
      respond(exchange, 404, new byte[0]);
    }
  }

  /** The request body, or null after answering a request that is not a protobuf POST. */
  private byte[] protobufBody(HttpExchange exchange) throws IOException {
    arrivedRequests.incrementAndGet();
    if (!"POST".equals(exchange.getRequestMethod())) {
      exchange.getResponseHeaders().add("Allow", "POST");
      respond(exchange, 405, new byte[0]);
      return null;
    }
    String type = exchange.getRequestHeaders().getFirst("Content-Type");
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith(PROTOBUF)) {
      respond(exchange, 415, new byte[0]);
      return null;
    }
    InputStream in = exchange.getRequestBody();
    if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
      in = new GZIPInputStream(in);
    }
    return in.readAllBytes();
  }

  /**
   * Blocks while hanging; returns whether to answer. A hung request is never answered by accident:
   * only {@link #stopHanging()} releases it, {@link #close()} drops it.
   */
  private boolean answerAfterHanging() {
    if (!hanging) {
      return true;
    }
    hungRequests.incrementAndGet();
    try {
      released.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    return !closed;
  }

  private static void respond(HttpExchange exchange, MessageLite message) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", PROTOBUF);
    respond(exchange, 200, message.toByteArray());
  }

  private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    released.countDown();
    server.stop(0);
    handlers.shutdownNow();
  }
}
