package io.poolpilot.benchmarks.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.HttpResponse;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import io.opentelemetry.sdk.common.export.MessageWriter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The least any OpenTelemetry-SDK-based agent must spend per request to meet the telemetry
 * requirements, written into the application by hand so that no instrumentation is involved: a
 * SERVER span per request (parent-based always-on, the W3C parent read from the request, the HTTP
 * semantic-convention attributes, batched every second) and the two HTTP server metrics (exported
 * every second), both marshalled to OTLP protobuf by the SDK's own exporters.
 *
 * <p>It is a lower bound, not a competitor: nothing is sent (the marshalled bytes go to a buffer
 * that is reused), no pool is measured, and the attribute sets are built once. The {@code
 * sdk-floor} variant of the HTTP benchmark runs {@link OrderService} with it, so that one run shows
 * how much of an agent's added cost is the SDK's and how much its own.
 */
final class SdkTelemetryFloor implements HttpHandler {
  private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
  private static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
  private static final AttributeKey<String> SCHEME = AttributeKey.stringKey("url.scheme");
  private static final AttributeKey<Long> STATUS =
      AttributeKey.longKey("http.response.status_code");
  private static final AttributeKey<String> SERVER_ADDRESS =
      AttributeKey.stringKey("server.address");
  private static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  private static final AttributeKey<String> CLIENT_ADDRESS =
      AttributeKey.stringKey("client.address");
  private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

  /** The semantic conventions' advised boundaries, as PoolPilot uses them. */
  private static final List<Double> DURATION_BUCKETS =
      List.of(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);

  private final HttpHandler handler;
  private final String route;
  private final Tracer tracer;
  private final DoubleHistogram duration;
  private final LongUpDownCounter active;
  private final Attributes activeAttributes;
  private final Attributes okAttributes;

  private SdkTelemetryFloor(HttpHandler handler, String route, Tracer tracer, Meter meter) {
    this.handler = handler;
    this.route = route;
    this.tracer = tracer;
    this.duration =
        meter
            .histogramBuilder("http.server.request.duration")
            .setUnit("s")
            .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS)
            .build();
    this.active =
        meter.upDownCounterBuilder("http.server.active_requests").setUnit("{request}").build();
    this.activeAttributes = Attributes.of(METHOD, "GET", SCHEME, "http");
    this.okAttributes = activeAttributes.toBuilder().put(ROUTE, route).put(STATUS, 200L).build();
  }

  /** {@code handler} for {@code route}, with the SDK's telemetry around each request. */
  static HttpHandler around(HttpHandler handler, String route) {
    Resource resource =
        Resource.getDefault()
            .merge(
                Resource.create(
                    Attributes.of(AttributeKey.stringKey("service.name"), "order-service")));
    ComponentLoader discarding = discardingSender();
    SdkTracerProvider traces =
        SdkTracerProvider.builder()
            .setResource(resource)
            .addSpanProcessor(
                BatchSpanProcessor.builder(
                        OtlpHttpSpanExporter.builder().setComponentLoader(discarding).build())
                    .setScheduleDelay(Duration.ofSeconds(1))
                    .build())
            .build();
    SdkMeterProvider metrics =
        SdkMeterProvider.builder()
            .setResource(resource)
            .registerMetricReader(
                PeriodicMetricReader.builder(
                        OtlpHttpMetricExporter.builder().setComponentLoader(discarding).build())
                    .setInterval(Duration.ofSeconds(1))
                    .build())
            .build();
    return new SdkTelemetryFloor(handler, route, traces.get("sdk-floor"), metrics.get("sdk-floor"));
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    long start = System.nanoTime();
    Context parent = W3C.extract(Context.root(), exchange, HEADERS);
    String method = exchange.getRequestMethod();
    InetSocketAddress local = exchange.getLocalAddress();
    Span span =
        tracer
            .spanBuilder(method)
            .setSpanKind(SpanKind.SERVER)
            .setParent(parent)
            .setAttribute(METHOD, method)
            .setAttribute(PATH, exchange.getRequestURI().getRawPath())
            .setAttribute(SCHEME, "http")
            .setAttribute(SERVER_ADDRESS, local.getHostString())
            .setAttribute(SERVER_PORT, (long) local.getPort())
            .setAttribute(CLIENT_ADDRESS, exchange.getRemoteAddress().getAddress().getHostAddress())
            .setAttribute(ROUTE, route)
            .startSpan();
    active.add(1, activeAttributes);
    try (Scope ignored = parent.with(span).makeCurrent()) {
      handler.handle(exchange);
    } finally {
      int status = exchange.getResponseCode();
      span.setAttribute(STATUS, (long) status);
      span.updateName(method + " " + route);
      span.end();
      active.add(-1, activeAttributes);
      duration.record(
          (System.nanoTime() - start) / 1e9,
          status == 200
              ? okAttributes
              : activeAttributes.toBuilder().put(ROUTE, route).put(STATUS, (long) status).build());
    }
  }

  private static final TextMapGetter<HttpExchange> HEADERS =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(HttpExchange carrier) {
          return carrier.getRequestHeaders().keySet();
        }

        @Override
        public String get(HttpExchange carrier, String key) {
          return carrier == null ? null : carrier.getRequestHeaders().getFirst(key);
        }
      };

  /**
   * An OTLP sender that marshals each export into a reused buffer and answers 200 without sending
   * it: the SDK's whole export path short of the network.
   */
  private static ComponentLoader discardingSender() {
    HttpSenderProvider provider = config -> new DiscardingSender();
    ComponentLoader defaults =
        ComponentLoader.forClassLoader(SdkTelemetryFloor.class.getClassLoader());
    return new ComponentLoader() {
      @Override
      @SuppressWarnings("unchecked")
      public <T> Iterable<T> load(Class<T> type) {
        return type == HttpSenderProvider.class ? List.of((T) provider) : defaults.load(type);
      }
    };
  }

  private static final class DiscardingSender implements HttpSender {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 20);

    @Override
    public synchronized void send(
        MessageWriter message, Consumer<HttpResponse> onResponse, Consumer<Throwable> onError) {
      buffer.reset();
      try {
        message.writeMessage(buffer);
      } catch (IOException | RuntimeException e) {
        onError.accept(e);
        return;
      }
      onResponse.accept(OK);
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  private static final HttpResponse OK =
      new HttpResponse() {
        @Override
        public int getStatusCode() {
          return 200;
        }

        @Override
        public String getStatusMessage() {
          return "OK";
        }

        @Override
        public byte[] getResponseBody() {
          return new byte[0];
        }
      };
}
