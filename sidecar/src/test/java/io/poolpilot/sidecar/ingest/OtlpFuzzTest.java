package io.poolpilot.sidecar.ingest;

import static io.poolpilot.sidecar.testing.Http.await;
import static io.poolpilot.sidecar.testing.PoolExport.pool;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.poolpilot.sidecar.testing.Http;
import io.poolpilot.sidecar.testing.PoolExport;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of mutated agent exports, protobuf and OTLP/JSON, against a whole sidecar: the exports
 * as the agent shapes them ({@link PoolExport}, and server spans with the agent's attributes),
 * mutated field by field and byte by byte ({@link OtlpMutator}), plus a few bodies of tens of
 * thousands of spans and points. Every answer is a 2xx or a 4xx and comes within a bound, control
 * polls are answered promptly while the largest bodies are parsed, and afterwards the sidecar is
 * healthy with only finite numbers to show. Fixed seed: a failure reproduces.
 */
@ExtendWith(VertxExtension.class)
class OtlpFuzzTest {

  private static final long SEED = 13;
  private static final int BODIES = 2_500;
  private static final long SECOND = 1_000_000_000L;
  private static final String PROTOBUF = "application/x-protobuf";
  private static final String JSON = "application/json";

  /** Bodies posted before the first answer is awaited: the test encodes while the sidecar works. */
  private static final int IN_FLIGHT = 4;

  /**
   * A body the event loop handles is answered within this; workers within {@link #LARGE}. Both are
   * bounds a busy CI machine cannot reach, not targets: they catch an answer that waits on
   * something (a stuck worker, a lost reply), and how fast answers come is for the benchmarks.
   */
  private static final Duration SMALL = Duration.ofSeconds(10);

  private static final Duration LARGE = Duration.ofSeconds(60);

  /**
   * A control poll's answer, however large the bodies being parsed meanwhile: generous, so it only
   * catches a poll stuck behind the parsing. That large bodies leave the event loop is asserted
   * where it shows for certain, in the thread that records them ({@link LargeBodyIngestTest}).
   */
  private static final Duration POLL = Duration.ofSeconds(5);

  @TempDir Path dir;
  private RunningSidecar sidecar;
  private final TreeMap<Integer, Integer> statuses = new TreeMap<>();

  @BeforeEach
  void start(Vertx vertx) {
    sidecar = new RunningSidecar(vertx, dir);
  }

  @Test
  void mutatedAgentExportsNeverGetA5xxAndLeaveTheSidecarHealthy() {
    assertThat(sidecar.poll().status()).isEqualTo(200);
    Random random = new Random(SEED);
    OtlpMutator mutator = new OtlpMutator(random);
    List<ExportMetricsServiceRequest> metrics = metricSeeds();
    List<ExportTraceServiceRequest> traces = traceSeeds();
    long started = System.nanoTime();

    Deque<Pending> inFlight = new ArrayDeque<>();
    for (int i = 0; i < BODIES; i++) {
      boolean isMetrics = i % 2 == 0;
      Message seed =
          isMetrics
              ? metrics.get(random.nextInt(metrics.size()))
              : traces.get(random.nextInt(traces.size()));
      Message mutated =
          random.nextInt(10) < 7
              ? isMetrics
                  ? mutator.metrics((ExportMetricsServiceRequest) seed)
                  : mutator.traces((ExportTraceServiceRequest) seed)
              : seed;
      boolean json = random.nextBoolean();
      byte[] body = encode(mutated, json);
      if (random.nextInt(10) < 4) {
        body = mutator.bytes(body);
      }
      inFlight.add(
          send(isMetrics ? "/v1/metrics" : "/v1/traces", json, body, random.nextInt(20) == 0));
      if (inFlight.size() >= IN_FLIGHT) {
        check(inFlight.remove());
      }
    }
    while (!inFlight.isEmpty()) {
      check(inFlight.remove());
    }
    List<Huge> huge = hugeBodies();
    for (Huge body : huge) {
      sendWhilePolling(body);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    System.out.printf(
        "otlp-fuzz: %d bodies in %d ms, statuses %s%n",
        BODIES + huge.size(), took.toMillis(), statuses);
    assertThat(statuses).containsKeys(200, 400);
    sidecar.assertHealthy();
  }

  /** A body on its way, and how long its answer may take. */
  private record Pending(String path, int bytes, Duration bound, Future<Answer> answer) {}

  /** A status, and when it came. */
  private record Answer(int status, long atNanos) {}

  private Pending send(String path, boolean json, byte[] body, boolean gzip) {
    byte[] sent = gzip ? Gzip.gzip(body) : body;
    long started = System.nanoTime();
    Future<Answer> answer =
        post(path, json ? JSON : PROTOBUF, gzip, sent)
            .map(status -> new Answer(status, System.nanoTime() - started));
    boolean inline = body.length <= OtlpIngest.INLINE_BODY_BYTES && !gzip;
    return new Pending(path, body.length, inline ? SMALL : LARGE, answer);
  }

  private void check(Pending pending) {
    Answer answer = await(pending.answer());
    statuses.merge(answer.status(), 1, Integer::sum);
    assertThat(answer.status())
        .as("%s of %d bytes", pending.path(), pending.bytes())
        .isLessThan(500);
    assertThat(Duration.ofNanos(answer.atNanos()))
        .as("answer to %s of %d bytes", pending.path(), pending.bytes())
        .isLessThan(pending.bound());
  }

  /** A body too large for the event loop. */
  private record Huge(String path, String type, byte[] body) {}

  /** Posts {@code huge} and polls for control until it is answered: every poll within POLL. */
  private void sendWhilePolling(Huge huge) {
    Future<Integer> answer = post(huge.path(), huge.type(), false, huge.body());
    List<Duration> polls = new ArrayList<>();
    while (!answer.isComplete()) {
      long started = System.nanoTime();
      assertThat(sidecar.poll().status()).isEqualTo(200);
      polls.add(Duration.ofNanos(System.nanoTime() - started));
    }
    int status = await(answer);
    statuses.merge(status, 1, Integer::sum);
    assertThat(status).isEqualTo(200);
    assertThat(polls).isNotEmpty().allMatch(poll -> poll.compareTo(POLL) < 0);
  }

  private Future<Integer> post(String path, String type, boolean gzip, byte[] body) {
    MultiMap headers = Http.headers("Content-Type", type);
    if (gzip) {
      headers.add("Content-Encoding", "gzip");
    }
    return sidecar
        .http
        .send(HttpMethod.POST, sidecar.sidecar.otlpPort(), path, headers, Buffer.buffer(body))
        .map(Http.Reply::status);
  }

  /** Agent exports of two pools over five seconds, cumulative and delta, for two instances. */
  private static List<ExportMetricsServiceRequest> metricSeeds() {
    List<ExportMetricsServiceRequest> seeds = new ArrayList<>();
    for (String instance : List.of(RunningSidecar.INSTANCE, "i-2")) {
      for (int t = 1; t <= 5; t++) {
        long time = PoolExport.START_NANOS + t * SECOND;
        PoolExport http =
            pool(RunningSidecar.SERVICE, instance, RunningSidecar.POOL)
                .distro("poolpilot")
                .at(time)
                .threads(8, 200, 3 + t, 5)
                .queue(t, 1000, 0.01 * t)
                .tasks(100L * t, t)
                .queueWait(3, 2, -100, 40L * t, 0, 3L * t, 1)
                .runTime(3, 0, -70, 10L * t, 7L * t)
                .cpu(0.3, 4);
        PoolExport worker =
            pool(RunningSidecar.SERVICE, instance, "worker-*")
                .delta()
                .at(time)
                .startedAt(time - SECOND)
                .threads(2, 2, 1, 1)
                .tasks(20, 0)
                .queueWait(3, 0, -60, 4, 4);
        ResourceMetrics.Builder resource = http.resourceMetrics().toBuilder();
        resource.addAllScopeMetrics(worker.resourceMetrics().getScopeMetricsList());
        seeds.add(ExportMetricsServiceRequest.newBuilder().addResourceMetrics(resource).build());
      }
    }
    return seeds;
  }

  /** Traces as the agent exports them: a server span on a pool with a client and an inner span. */
  private static List<ExportTraceServiceRequest> traceSeeds() {
    List<ExportTraceServiceRequest> seeds = new ArrayList<>();
    for (int t = 1; t <= 10; t++) {
      ScopeSpans.Builder scope = ScopeSpans.newBuilder();
      for (int trace = 0; trace < 3; trace++) {
        ByteString traceId = id(16, t * 10 + trace);
        long start = PoolExport.START_NANOS + t * SECOND;
        Span server =
            Span.newBuilder()
                .setTraceId(traceId)
                .setSpanId(id(8, 1))
                .setName("GET /orders/{id}")
                .setKind(Span.SpanKind.SPAN_KIND_SERVER)
                .setStartTimeUnixNano(start)
                .setEndTimeUnixNano(start + 25_000_000L * (trace + 1))
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_UNSET))
                .addAttributes(text("http.request.method", "GET"))
                .addAttributes(text("http.route", "/orders/{id}"))
                .addAttributes(text("url.scheme", "http"))
                .addAttributes(whole("http.response.status_code", trace == 2 ? 503 : 200))
                .addAttributes(text("jvm.executor.name", RunningSidecar.POOL))
                .addAttributes(decimal("poolpilot.queue.wait", 0.002 * trace))
                .build();
        scope.addSpans(server);
        scope.addSpans(
            child(server, 2, "SELECT orders", Span.SpanKind.SPAN_KIND_CLIENT)
                .addAttributes(text("db.system", "postgresql")));
        scope.addSpans(child(server, 3, "render", Span.SpanKind.SPAN_KIND_INTERNAL));
      }
      seeds.add(
          ExportTraceServiceRequest.newBuilder()
              .addResourceSpans(
                  ResourceSpans.newBuilder().setResource(resource()).addScopeSpans(scope))
              .build());
    }
    return seeds;
  }

  private static Span.Builder child(Span parent, int id, String name, Span.SpanKind kind) {
    return parent.toBuilder()
        .setSpanId(id(8, id))
        .setParentSpanId(parent.getSpanId())
        .setName(name)
        .setKind(kind)
        .clearAttributes();
  }

  /** 100,000 spans in one protobuf body, 30,000 in JSON, and 50,000 histogram points. */
  private static List<Huge> hugeBodies() {
    Span server =
        traceSeeds().get(0).getResourceSpans(0).getScopeSpans(0).getSpans(0).toBuilder()
            .clearAttributes()
            .addAttributes(text("http.route", "/orders/{id}"))
            .addAttributes(text("jvm.executor.name", RunningSidecar.POOL))
            .build();
    ScopeSpans.Builder spans = ScopeSpans.newBuilder();
    for (int k = 0; k < 100_000; k++) {
      spans.addSpans(server.toBuilder().setTraceId(id(16, k)));
    }
    ExportTraceServiceRequest many =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(
                ResourceSpans.newBuilder().setResource(resource()).addScopeSpans(spans))
            .build();
    ExportTraceServiceRequest.Builder fewer = many.toBuilder();
    ScopeSpans.Builder cut = fewer.getResourceSpansBuilder(0).getScopeSpansBuilder(0);
    while (cut.getSpansCount() > 30_000) {
      cut.removeSpans(cut.getSpansCount() - 1);
    }
    return List.of(
        new Huge("/v1/traces", PROTOBUF, many.toByteArray()),
        new Huge("/v1/traces", JSON, encode(fewer.build(), true)),
        new Huge("/v1/metrics", JSON, encode(spreadPoints(), true)));
  }

  /** 50,000 points of one pool, each one bucket, spread over 50,000 buckets. */
  private static ExportMetricsServiceRequest spreadPoints() {
    ExportMetricsServiceRequest seed = metricSeeds().get(0);
    ExportMetricsServiceRequest.Builder request = seed.toBuilder();
    Metric.Builder waits =
        request
            .getResourceMetricsBuilder(0)
            .getScopeMetricsBuilder(0)
            .getMetricsBuilderList()
            .stream()
            .filter(metric -> metric.hasExponentialHistogram())
            .findFirst()
            .orElseThrow();
    ExponentialHistogramDataPoint point = waits.getExponentialHistogram().getDataPoints(0);
    for (int k = 0; k < 50_000; k++) {
      ExponentialHistogramDataPoint.Builder copy = point.toBuilder();
      copy.getPositiveBuilder().clearBucketCounts().addBucketCounts(1).setOffset(-25_000 + k);
      waits.getExponentialHistogramBuilder().addDataPoints(copy);
    }
    return request.build();
  }

  private static Resource resource() {
    return Resource.newBuilder()
        .addAttributes(text("service.name", RunningSidecar.SERVICE))
        .addAttributes(text("service.instance.id", RunningSidecar.INSTANCE))
        .addAttributes(text("telemetry.distro.name", "poolpilot"))
        .build();
  }

  private static byte[] encode(Message message, boolean json) {
    return json ? OtlpJson.of(message).getBytes(StandardCharsets.UTF_8) : message.toByteArray();
  }

  private static ByteString id(int length, int value) {
    return ByteString.copyFrom(ByteBuffer.allocate(length).putInt(length - 4, value + 1).array());
  }

  private static KeyValue text(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  private static KeyValue whole(String key, long value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setIntValue(value))
        .build();
  }

  private static KeyValue decimal(String key, double value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setDoubleValue(value))
        .build();
  }
}
