package io.poolpilot.sidecar.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.poolpilot.protocol.control.ControlProtocol;
import io.poolpilot.protocol.control.ReportedPool;
import io.poolpilot.sidecar.Sidecar;
import io.poolpilot.sidecar.testing.Agent;
import io.poolpilot.sidecar.testing.PoolExport;
import io.poolpilot.testsupport.MutableClock;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Feeds a sidecar what two services with the PoolPilot agent would send it over a couple of
 * minutes, as real OTLP protobuf and real control polls, so that the web page has something true to
 * draw: {@code checkout}'s request pool starts far too small (4 threads for 8 busy) and the
 * sidecar's tuner grows it; {@code inventory}'s pool is pinned by hand and later released.
 *
 * <p>Load model of {@code checkout}: 200 tasks/s of 40 ms each need 8 busy threads (320 tasks/s,
 * 12.8 threads, in the second half); while the pool has fewer, all its threads are busy, it
 * completes {@code size / 0.04} tasks/s and tasks wait about 300 ms; with enough threads they wait
 * about 2 ms.
 */
final class PageStory {

  static final String CHECKOUT = "checkout";
  static final String CHECKOUT_POOL = "http-nio-8080-exec-*";
  static final String INVENTORY = "inventory";
  static final String INVENTORY_POOL = "inventory-worker-*";

  /** The trace the test opens: its checkout server span waited 120 ms in {@link #CHECKOUT_POOL}. */
  static final String SLOW_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

  private static final long SECOND = 1_000_000_000L;
  private static final double ARRIVALS = 200;
  private static final double SURGE = 320;
  private static final double TASK_SECONDS = 0.04;

  private final HttpClient http = HttpClient.newHttpClient();
  private final Sidecar sidecar;
  private final MutableClock clock;
  private final String token;
  private final SimulatedAgent checkout;
  private final SimulatedAgent inventory;
  private int traces;

  PageStory(Sidecar sidecar, MutableClock clock, String token) {
    this.sidecar = sidecar;
    this.clock = clock;
    this.token = token;
    this.checkout = new SimulatedAgent(CHECKOUT, "7f3c1a2e-checkout", CHECKOUT_POOL, 4, 4);
    this.inventory = new SimulatedAgent(INVENTORY, "2d9e44b0-inventory", INVENTORY_POOL, 16, 16);
  }

  /** {@code seconds} seconds of telemetry, one export and one poll per service a second. */
  void play(int seconds) {
    postTraces(slowCheckoutTrace(now()));
    for (int second = 0; second < seconds; second++) {
      long nanos = now();
      int size = checkout.max;
      double arrivals = second < seconds / 2 ? ARRIVALS : SURGE;
      double busy = Math.min(size, arrivals * TASK_SECONDS);
      boolean saturated = size < arrivals * TASK_SECONDS;
      long completed = Math.round(saturated ? size / TASK_SECONDS : arrivals);
      int waitBucket = saturated ? -14 : -72; // scale 3: (297, 324] ms, (1.95, 2.13] ms
      postMetrics(
          checkout,
          nanos,
          (long) busy,
          saturated ? 40 + second : 0,
          completed,
          waitBucket,
          Math.min(0.95, 0.05 + busy * 0.045));
      postMetrics(inventory, nanos, 3 + second % 3, 0, 120, -80, 0.12 + 0.02 * (second % 4));
      postTraces(requests(nanos, second, saturated));
      checkout.poll();
      inventory.poll();
      if (second == seconds / 4) {
        pin(INVENTORY, INVENTORY_POOL, new JsonObject().put("core", 12).put("max", 12));
      }
      if (second == seconds / 2) {
        pin(INVENTORY, INVENTORY_POOL, new JsonObject().put("auto", true));
      }
      clock.advance(Duration.ofSeconds(1));
    }
  }

  int checkoutSize() {
    return checkout.max;
  }

  private long now() {
    Instant at = clock.instant();
    return at.getEpochSecond() * SECOND + at.getNano();
  }

  private void postMetrics(
      SimulatedAgent agent,
      long nanos,
      long active,
      long queued,
      long completed,
      int waitBucket,
      double cpu) {
    PoolExport export =
        PoolExport.pool(agent.service, agent.instance, agent.pool)
            .delta()
            .startedAt(nanos - SECOND)
            .at(nanos)
            .distro("poolpilot")
            .threads(agent.core, agent.max, active, Math.max(0, agent.max - active))
            .queue(queued, 1000, queued > 0 ? 0.3 : 0.0)
            .tasks(completed, 0)
            .queueWait(3, 0, waitBucket, completed)
            .runTime(3, 0, -38, completed) // (37.2, 40.5] ms
            .cpu(cpu, 2);
    post("/v1/metrics", export.request().toByteArray());
  }

  private void post(String path, byte[] body) {
    HttpResponse<String> reply =
        send(
            HttpRequest.newBuilder(uri(sidecar.otlpPort(), path))
                .header("Content-Type", "application/x-protobuf")
                .header("Authorization", "Bearer " + token)
                .header(ControlProtocol.SESSION_HEADER, Agent.SESSION)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    assertThat(reply.statusCode()).as("OTLP POST %s", path).isEqualTo(200);
  }

  private void postTraces(ExportTraceServiceRequest request) {
    post("/v1/traces", request.toByteArray());
  }

  private void pin(String service, String pool, JsonObject body) {
    HttpResponse<String> reply =
        send(
            HttpRequest.newBuilder(
                    uri(
                        sidecar.apiPort(),
                        "/api/pools/" + service + "/" + pool.replace("*", "%2A")))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .PUT(HttpRequest.BodyPublishers.ofString(body.encode())));
    assertThat(reply.statusCode()).as("PUT %s %s: %s", pool, body, reply.body()).isEqualTo(200);
  }

  /**
   * One blocking HTTP exchange through one JDK client kept for the whole story: hundreds of
   * requests in a row, on kept-alive connections.
   */
  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(
          request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static URI uri(int port, String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /**
   * Three requests a second: two to checkout (one of them calls inventory), one failing now and
   * then.
   */
  private ExportTraceServiceRequest requests(long nanos, int second, boolean saturated) {
    ExportTraceServiceRequest.Builder export = ExportTraceServiceRequest.newBuilder();
    long waitMillis = saturated ? 280 + second % 40 : 2;
    String id = String.format("%016x%016x", 0xa11ceL + second, ++traces);
    String root = "1" + String.format("%015x", traces);
    export.addResourceSpans(
        resource(
            checkout,
            server(
                    id,
                    root,
                    "",
                    "GET /checkout/{cart}",
                    "/checkout/{cart}",
                    nanos,
                    45 + waitMillis / 10,
                    200)
                .addAttributes(kv("jvm.executor.name", CHECKOUT_POOL))
                .addAttributes(kv("poolpilot.queue.wait", waitMillis / 1000.0))
                .build()));
    String failing = String.format("%016x%016x", 0xbadL + second, ++traces);
    boolean fails = second % 7 == 3;
    Span.Builder order =
        server(
                failing,
                "2" + String.format("%015x", traces),
                "",
                "POST /orders",
                "/orders",
                nanos,
                30,
                fails ? 500 : 201)
            .addAttributes(kv("jvm.executor.name", CHECKOUT_POOL))
            .addAttributes(kv("poolpilot.queue.wait", waitMillis / 1000.0));
    if (fails) {
      order.setStatus(
          Status.newBuilder()
              .setCode(Status.StatusCode.STATUS_CODE_ERROR)
              .setMessage("inventory answered 503"));
    }
    export.addResourceSpans(resource(checkout, order.build()));
    return export.build();
  }

  /** checkout waits 120 ms for a thread, calls inventory, which waits 4 ms in its own pool. */
  private ExportTraceServiceRequest slowCheckoutTrace(long start) {
    long ms = 1_000_000L;
    Span root =
        server(
                SLOW_TRACE,
                "00f067aa0ba902b7",
                "",
                "GET /checkout/{cart}",
                "/checkout/{cart}",
                start,
                210,
                200)
            .addAttributes(kv("jvm.executor.name", CHECKOUT_POOL))
            .addAttributes(kv("poolpilot.queue.wait", 0.120))
            .build();
    Span price =
        span(
                SLOW_TRACE,
                "53995c3f42cd8ad8",
                "00f067aa0ba902b7",
                "PriceCalculator.total",
                Span.SpanKind.SPAN_KIND_INTERNAL,
                start + 8 * ms,
                35)
            .build();
    Span call =
        span(
                SLOW_TRACE,
                "6e0c63257de34c92",
                "00f067aa0ba902b7",
                "GET",
                Span.SpanKind.SPAN_KIND_CLIENT,
                start + 50 * ms,
                140)
            .addAttributes(kv("server.address", "inventory"))
            .addAttributes(kv("http.request.method", "GET"))
            .addAttributes(kv("http.response.status_code", 200L))
            .build();
    Span stock =
        server(
                SLOW_TRACE,
                "c4f1d2a9b8e7f601",
                "6e0c63257de34c92",
                "GET /stock/{sku}",
                "/stock/{sku}",
                start + 56 * ms,
                125,
                200)
            .addAttributes(kv("jvm.executor.name", INVENTORY_POOL))
            .addAttributes(kv("poolpilot.queue.wait", 0.004))
            .build();
    Span query =
        span(
                SLOW_TRACE,
                "9a1b2c3d4e5f6071",
                "c4f1d2a9b8e7f601",
                "SELECT stock",
                Span.SpanKind.SPAN_KIND_CLIENT,
                start + 62 * ms,
                110)
            .addAttributes(kv("db.system.name", "postgresql"))
            .build();
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(resource(checkout, root, price, call))
        .addResourceSpans(resource(inventory, stock, query))
        .build();
  }

  private static Span.Builder server(
      String trace,
      String id,
      String parent,
      String name,
      String route,
      long start,
      long millis,
      int status) {
    return span(trace, id, parent, name, Span.SpanKind.SPAN_KIND_SERVER, start, millis)
        .addAttributes(kv("http.request.method", name.substring(0, name.indexOf(' '))))
        .addAttributes(kv("http.route", route))
        .addAttributes(kv("http.response.status_code", (long) status));
  }

  private static Span.Builder span(
      String trace,
      String id,
      String parent,
      String name,
      Span.SpanKind kind,
      long start,
      long millis) {
    Span.Builder span =
        Span.newBuilder()
            .setTraceId(ByteString.copyFrom(HexFormat.of().parseHex(trace)))
            .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex(id)))
            .setName(name)
            .setKind(kind)
            .setStartTimeUnixNano(start)
            .setEndTimeUnixNano(start + millis * 1_000_000L);
    if (!parent.isEmpty()) {
      span.setParentSpanId(ByteString.copyFrom(HexFormat.of().parseHex(parent)));
    }
    return span;
  }

  private static ResourceSpans resource(SimulatedAgent agent, Span... spans) {
    ScopeSpans.Builder scope = ScopeSpans.newBuilder();
    for (Span span : spans) {
      scope.addSpans(span);
    }
    return ResourceSpans.newBuilder()
        .setResource(
            Resource.newBuilder()
                .addAttributes(kv("service.name", agent.service))
                .addAttributes(kv("service.instance.id", agent.instance))
                .addAttributes(kv("telemetry.distro.name", "poolpilot")))
        .addScopeSpans(scope)
        .build();
  }

  private static KeyValue kv(String key, Object value) {
    AnyValue.Builder any = AnyValue.newBuilder();
    if (value instanceof Long number) {
      any.setIntValue(number);
    } else if (value instanceof Double number) {
      any.setDoubleValue(number);
    } else {
      any.setStringValue(String.valueOf(value));
    }
    return KeyValue.newBuilder().setKey(key).setValue(any).build();
  }

  /**
   * One process's control loop, as the agent runs it: report sizes, apply a newer desired state.
   */
  private final class SimulatedAgent {
    final String service;
    final String instance;
    final String pool;
    final int originalCore;
    final int originalMax;
    int core;
    int max;
    long sequence;
    long applied;

    SimulatedAgent(String service, String instance, String pool, int core, int max) {
      this.service = service;
      this.instance = instance;
      this.pool = pool;
      this.originalCore = core;
      this.originalMax = max;
      this.core = core;
      this.max = max;
    }

    void poll() {
      JsonObject message =
          Agent.message(
              service,
              instance,
              ++sequence,
              applied,
              new ReportedPool(pool, core, max, originalCore, originalMax, true, Optional.empty()));
      HttpResponse<String> reply =
          send(
              HttpRequest.newBuilder(uri(sidecar.otlpPort(), Agent.CONTROL))
                  .header("Content-Type", "application/json")
                  .header("Authorization", "Bearer " + token)
                  .header(ControlProtocol.SESSION_HEADER, Agent.SESSION)
                  .POST(HttpRequest.BodyPublishers.ofString(message.encode())));
      assertThat(reply.statusCode()).as("control poll of %s", service).isEqualTo(200);
      JsonObject answer = new JsonObject(reply.body());
      long version = answer.getLong("version");
      if (version <= applied) {
        return;
      }
      applied = version;
      core = originalCore;
      max = originalMax;
      JsonArray desired = answer.getJsonArray("desired");
      for (int i = 0; i < desired.size(); i++) {
        JsonObject entry = desired.getJsonObject(i);
        if (entry.getString("pool").equals(pool)) {
          core = entry.getInteger("core");
          max = entry.getInteger("max");
        }
      }
    }
  }
}
