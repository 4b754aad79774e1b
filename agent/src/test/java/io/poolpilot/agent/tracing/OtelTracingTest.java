package io.poolpilot.agent.tracing;

import static io.poolpilot.protocol.TelemetryNames.HTTP_SERVER_ACTIVE_REQUESTS;
import static io.poolpilot.protocol.TelemetryNames.HTTP_SERVER_REQUEST_DURATION;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.poolpilot.agent.bootstrap.BootstrapTestAccess;
import io.poolpilot.agent.bootstrap.PoolProbe;
import io.poolpilot.agent.bootstrap.PoolProbes;
import io.poolpilot.agent.bootstrap.ServerRequest;
import io.poolpilot.agent.bootstrap.TracingTestAccess;
import io.poolpilot.agent.bootstrap.WorkerTimings;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OtelTracingTest {
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PARENT = "00f067aa0ba902b7";

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  private final SdkTracerProvider tracerProvider =
      SdkTracerProvider.builder()
          .addSpanProcessor(SimpleSpanProcessor.create(spans))
          .setSampler(Sampler.parentBased(Sampler.alwaysOn()))
          .build();
  private final SdkMeterProvider meterProvider =
      SdkMeterProvider.builder().registerMetricReader(metrics).build();
  private final ThreadPoolExecutor pool =
      new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
  private final PoolProbe probe =
      BootstrapTestAccess.namedProbe(new PoolProbes(), pool, null, "api-1");
  private final OtelTracing tracing =
      new OtelTracing(
          tracerProvider.get("test"), meterProvider.get("test"), p -> p == probe ? "api-*" : null);

  @AfterEach
  void close() {
    pool.shutdown();
    tracerProvider.close();
    meterProvider.close();
  }

  @Test
  void serverSpanContinuesTheCallerAndIsNamedByItsRoute() {
    ServerRequest request = request("GET", "/owners/7");
    request.traceparent = "00-" + TRACE + "-" + PARENT + "-01";
    request.serverAddress = "shop.example";
    request.serverPort = 8080;
    request.clientAddress = "10.0.0.9";

    Object span = tracing.startServerSpan(request, null);
    request.route = "/owners/{id}";
    tracing.endServerSpan(span, request, 200, null);

    SpanData data = spans.getFinishedSpanItems().get(0);
    assertThat(data.getName()).isEqualTo("GET /owners/{id}");
    assertThat(data.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(data.getTraceId()).isEqualTo(TRACE);
    assertThat(data.getParentSpanId()).isEqualTo(PARENT);
    assertThat(data.getAttributes().get(HttpSemconv.ROUTE)).isEqualTo("/owners/{id}");
    assertThat(data.getAttributes().get(HttpSemconv.URL_PATH)).isEqualTo("/owners/7");
    assertThat(data.getAttributes().get(HttpSemconv.STATUS)).isEqualTo(200L);
    assertThat(data.getAttributes().get(HttpSemconv.SERVER_PORT)).isEqualTo(8080L);
    assertThat(data.getAttributes().get(HttpSemconv.CLIENT_ADDRESS)).isEqualTo("10.0.0.9");
    assertThat(data.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
  }

  @Test
  void withoutARouteTheSpanIsNamedByItsMethodOnly() {
    ServerRequest request = request("POST", "/raw/path/123");
    tracing.endServerSpan(tracing.startServerSpan(request, null), request, 201, null);
    SpanData data = spans.getFinishedSpanItems().get(0);
    assertThat(data.getName()).isEqualTo("POST");
    assertThat(data.getAttributes().get(HttpSemconv.ROUTE)).isNull();
    assertThat(data.getParentSpanId()).isEqualTo("0000000000000000");
  }

  @Test
  void unknownMethodsAreRecordedAsOtherWithTheOriginalKept() {
    ServerRequest request = request("BREW", "/pot");
    tracing.endServerSpan(tracing.startServerSpan(request, null), request, 418, null);
    SpanData data = spans.getFinishedSpanItems().get(0);
    assertThat(data.getAttributes().get(HttpSemconv.METHOD)).isEqualTo("_OTHER");
    assertThat(data.getAttributes().get(HttpSemconv.METHOD_ORIGINAL)).isEqualTo("BREW");
    assertThat(data.getStatus().getStatusCode())
        .as("4xx is the client's error")
        .isEqualTo(StatusCode.UNSET);
  }

  @Test
  void serverErrorsAndThrownExceptionsMarkTheSpan() {
    ServerRequest unavailable = request("GET", "/a");
    tracing.endServerSpan(tracing.startServerSpan(unavailable, null), unavailable, 503, null);
    ServerRequest thrown = request("GET", "/b");
    tracing.endServerSpan(
        tracing.startServerSpan(thrown, null), thrown, -1, new IllegalStateException("boom"));

    SpanData first = spans.getFinishedSpanItems().get(0);
    assertThat(first.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(first.getAttributes().get(HttpSemconv.ERROR_TYPE)).isEqualTo("503");
    SpanData second = spans.getFinishedSpanItems().get(1);
    assertThat(second.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(second.getAttributes().get(HttpSemconv.ERROR_TYPE))
        .isEqualTo("java.lang.IllegalStateException");
    assertThat(second.getEvents()).anyMatch(e -> e.getName().equals("exception"));
    assertThat(second.getAttributes().get(HttpSemconv.STATUS)).isNull();
  }

  @Test
  void aHandlerOnAPoolThreadCarriesThePoolAndItsQueueWait() {
    WorkerTimings worker = BootstrapTestAccess.newWorker(probe);
    TracingTestAccess.startTask(worker, 250_000_000L);

    ServerRequest request = request("GET", "/a");
    tracing.endServerSpan(tracing.startServerSpan(request, worker), request, 200, null);

    SpanData data = spans.getFinishedSpanItems().get(0);
    assertThat(data.getAttributes().get(HttpSemconv.EXECUTOR_NAME)).isEqualTo("api-*");
    assertThat(data.getAttributes().get(HttpSemconv.QUEUE_WAIT)).isEqualTo(0.25);
  }

  @Test
  void failedRequestsOnAPoolThreadAreCountedForThatPoolWhetherSampledOrNot() {
    WorkerTimings worker = BootstrapTestAccess.newWorker(probe);
    ServerRequest ok = request("GET", "/a");
    tracing.endServerSpan(tracing.startServerSpan(ok, worker), ok, 200, null);
    ServerRequest notFound = request("GET", "/a");
    tracing.endServerSpan(tracing.startServerSpan(notFound, worker), notFound, 404, null);
    ServerRequest shed = request("GET", "/a");
    shed.traceparent = "00-" + TRACE + "-" + PARENT + "-00";
    tracing.endServerSpan(tracing.startServerSpan(shed, worker), shed, 503, null);
    ServerRequest thrown = request("GET", "/b");
    tracing.endServerSpan(
        tracing.startServerSpan(thrown, worker), thrown, -1, new IllegalStateException("boom"));
    ServerRequest offPool = request("GET", "/c");
    tracing.endServerSpan(tracing.startServerSpan(offPool, null), offPool, 500, null);

    assertThat(spans.getFinishedSpanItems()).as("the 503 was not sampled").hasSize(4);
    assertThat(probe.failedRequestCount())
        .as("the 503 and the exception; not the 200, the 404, nor the 500 served off the pool")
        .isEqualTo(2);
  }

  @Test
  void aDetachedRequestThatFailsCountsForThePoolItRanOn() {
    ServerRequest request = request("GET", "/blocking");
    Object span = tracing.startServerSpan(request, null);
    tracing.ranOnPool(span, BootstrapTestAccess.newWorker(probe));
    tracing.endServerSpan(span, request, 502, null);

    assertThat(probe.failedRequestCount()).isEqualTo(1);
  }

  @Test
  void aDetachedRequestNamesTheFirstPoolItRanOnAndOnlyThatOne() {
    ServerRequest request = request("GET", "/blocking");
    Object span = tracing.startServerSpan(request, null);
    WorkerTimings worker = BootstrapTestAccess.newWorker(probe);
    TracingTestAccess.startTask(worker, 30_000_000L);
    tracing.ranOnPool(span, worker);
    TracingTestAccess.startTask(worker, 90_000_000L);
    tracing.ranOnPool(span, worker);
    tracing.endServerSpan(span, request, 200, null);

    SpanData data = spans.getFinishedSpanItems().get(0);
    assertThat(data.getAttributes().get(HttpSemconv.EXECUTOR_NAME)).isEqualTo("api-*");
    assertThat(data.getAttributes().get(HttpSemconv.QUEUE_WAIT)).isEqualTo(0.03);
  }

  @Test
  void requestMetricsAreRecordedForEveryRequestEvenUnsampled() {
    SdkTracerProvider never = SdkTracerProvider.builder().setSampler(Sampler.alwaysOff()).build();
    OtelTracing unsampled = new OtelTracing(never.get("t"), meterProvider.get("t"), p -> null);
    ServerRequest request = request("GET", "/owners/1");
    request.scheme = "http";
    Object span = unsampled.startServerSpan(request, null);
    assertThat(activeRequests()).isEqualTo(1);
    request.route = "/owners/{id}";
    unsampled.endServerSpan(span, request, 200, null);
    never.close();

    assertThat(activeRequests()).isZero();
    MetricData duration = metric(HTTP_SERVER_REQUEST_DURATION.name());
    assertThat(duration.getUnit()).isEqualTo("s");
    HistogramPointData point = duration.getHistogramData().getPoints().iterator().next();
    assertThat(point.getCount()).isEqualTo(1);
    assertThat(point.getBoundaries()).isEqualTo(HttpSemconv.DURATION_BUCKETS);
    assertThat(point.getAttributes().get(HttpSemconv.ROUTE)).isEqualTo("/owners/{id}");
    assertThat(point.getAttributes().get(HttpSemconv.STATUS)).isEqualTo(200L);
    assertThat(point.getAttributes().get(HttpSemconv.URL_SCHEME)).isEqualTo("http");
  }

  @Test
  void eachAttributeSetIsOneSeriesAndSetsPastTheKeptOnesAreStillCounted() {
    for (int i = 0; i < 3; i++) {
      serve("GET", "/r0", 200);
      serve("GET", "/r0", 503);
      serve("POST", "/r0", 200);
    }
    int distinctRoutes = HttpServerMetrics.MAX_KEPT_SETS + 50;
    for (int i = 0; i < distinctRoutes; i++) {
      serve("GET", "/r" + i, 200);
    }

    MetricData duration = metric(HTTP_SERVER_REQUEST_DURATION.name());
    long total = 0;
    for (HistogramPointData point : duration.getHistogramData().getPoints()) {
      total += point.getCount();
    }
    assertThat(total).as("nothing lost past the kept sets").isEqualTo(distinctRoutes + 9);
    assertThat(countOf(duration, "GET", "/r0", 200)).isEqualTo(4);
    assertThat(countOf(duration, "GET", "/r0", 503)).isEqualTo(3);
    assertThat(countOf(duration, "POST", "/r0", 200)).isEqualTo(3);
    assertThat(activeRequests()).isZero();
  }

  @Test
  void aRouteKnownAtTheStartNamesTheSpanFromTheStart() {
    ServerRequest request = request("GET", "/orders");
    request.route = "/orders";

    tracing.endServerSpan(tracing.startServerSpan(request, null), request, 200, null);

    SpanData data = spans.getFinishedSpanItems().get(0);
    assertThat(data.getName()).isEqualTo("GET /orders");
    assertThat(data.getAttributes().get(HttpSemconv.ROUTE)).isEqualTo("/orders");
  }

  @Test
  void aRouteRefinedDuringTheRequestRenamesTheSpan() {
    ServerRequest request = request("GET", "/api/owners/7");
    request.route = "/api/*";
    Object span = tracing.startServerSpan(request, null);
    request.route = "/api/owners/{id}";

    tracing.endServerSpan(span, request, 200, null);

    SpanData data = spans.getFinishedSpanItems().get(0);
    assertThat(data.getName()).isEqualTo("GET /api/owners/{id}");
    assertThat(data.getAttributes().get(HttpSemconv.ROUTE)).isEqualTo("/api/owners/{id}");
  }

  @Test
  void activeRequestsPastTheKeptSeriesAreCountedInOneOverflowSeries() {
    int requests = HttpServerMetrics.MAX_KEPT_SETS + 20;
    java.util.List<Object> open = new java.util.ArrayList<>();
    java.util.List<ServerRequest> sent = new java.util.ArrayList<>();
    for (int i = 0; i < requests; i++) {
      ServerRequest request = request("GET", "/r");
      request.scheme = "s" + i;
      sent.add(request);
      open.add(tracing.startServerSpan(request, null));
    }

    MetricData active = metric(HTTP_SERVER_ACTIVE_REQUESTS.name());
    assertThat(activeRequests()).isEqualTo(requests);
    // 1,999 series of their own and the overflow series: the SDK's limit of 2,000, none folded.
    assertThat(active.getLongSumData().getPoints()).hasSize(HttpServerMetrics.MAX_KEPT_SETS);
    assertThat(active.getLongSumData().getPoints())
        .filteredOn(p -> Boolean.TRUE.equals(p.getAttributes().get(HttpServerMetrics.OVERFLOW)))
        .singleElement()
        .satisfies(p -> assertThat(p.getValue()).isEqualTo(21));
    assertThat(active.getLongSumData().isMonotonic()).isFalse();

    for (int i = 0; i < requests; i++) {
      tracing.endServerSpan(open.get(i), sent.get(i), 200, null);
    }
    assertThat(activeRequests()).isZero();
  }

  private void serve(String method, String route, int status) {
    ServerRequest request = request(method, route);
    request.scheme = "http";
    request.route = route;
    tracing.endServerSpan(tracing.startServerSpan(request, null), request, status, null);
  }

  private static long countOf(MetricData duration, String method, String route, int status) {
    return duration.getHistogramData().getPoints().stream()
        .filter(p -> method.equals(p.getAttributes().get(HttpSemconv.METHOD)))
        .filter(p -> route.equals(p.getAttributes().get(HttpSemconv.ROUTE)))
        .filter(p -> Long.valueOf(status).equals(p.getAttributes().get(HttpSemconv.STATUS)))
        .mapToLong(HistogramPointData::getCount)
        .sum();
  }

  @Test
  void aMethodSpanIsInternalUnderACurrentSpanAndTheEntryOtherwise() {
    Object entry = tracing.startMethodSpan("com.acme.Jobs$Nightly", "run");
    Object inner = tracing.startMethodSpan("com.acme.Billing", "charge");
    tracing.endMethodSpan(inner, new IllegalArgumentException("declined"));
    tracing.endMethodSpan(entry, null);

    SpanData charge = spans.getFinishedSpanItems().get(0);
    SpanData run = spans.getFinishedSpanItems().get(1);
    assertThat(run.getName()).isEqualTo("Nightly.run");
    assertThat(run.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(charge.getName()).isEqualTo("Billing.charge");
    assertThat(charge.getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(charge.getParentSpanId()).isEqualTo(run.getSpanId());
    assertThat(charge.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(charge.getAttributes().get(HttpSemconv.CODE_FUNCTION))
        .isEqualTo("com.acme.Billing.charge");
    assertThat(Context.current()).as("scopes closed").isEqualTo(Context.root());
  }

  @Test
  void outgoingHeadersCarryTheCurrentSpan() {
    assertThat(tracing.traceparent()).as("no span, no header").isNull();
    ServerRequest request = request("GET", "/a");
    Object span = tracing.startServerSpan(request, null);
    try (Scope ignored = (Scope) tracing.makeCurrent(span)) {
      String traceparent = tracing.traceparent();
      assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
      assertThat(tracing.currentContext()).isNotNull();
    }
    assertThat(tracing.currentContext()).as("root context is not carried").isNull();
  }

  @Test
  void simpleNamesDropPackagesAndOuterClasses() {
    assertThat(OtelTracing.simpleName("com.acme.Shop$Orders")).isEqualTo("Orders");
    assertThat(OtelTracing.simpleName("com.acme.Shop$1")).isEqualTo("Shop$1");
    assertThat(OtelTracing.simpleName("Top")).isEqualTo("Top");
  }

  private long activeRequests() {
    return metric(HTTP_SERVER_ACTIVE_REQUESTS.name()).getLongSumData().getPoints().stream()
        .mapToLong(p -> p.getValue())
        .sum();
  }

  private MetricData metric(String name) {
    return metrics.collectAllMetrics().stream()
        .filter(m -> m.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no metric " + name));
  }

  private static ServerRequest request(String method, String path) {
    ServerRequest r = new ServerRequest();
    r.method = method;
    r.path = path;
    return r;
  }
}
