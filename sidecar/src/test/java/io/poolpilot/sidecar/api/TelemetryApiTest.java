package io.poolpilot.sidecar.api;

import static io.poolpilot.sidecar.testing.Http.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.poolpilot.sidecar.Sidecar;
import io.poolpilot.sidecar.testing.Agent;
import io.poolpilot.sidecar.testing.Http;
import io.poolpilot.sidecar.testing.PoolExport;
import io.poolpilot.sidecar.testing.QuietSidecar;
import io.poolpilot.sidecar.testing.Spans;
import io.poolpilot.testsupport.MutableClock;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** History, rates, traces and routes through the API of a sidecar fed real OTLP. */
@ExtendWith(VertxExtension.class)
class TelemetryApiTest {

  private static final Instant NOW = Instant.parse("2026-11-27T07:00:00Z");
  private static final long SECOND = 1_000_000_000L;
  private static final String TOKEN = "t0ken";
  private static final String TRACE = Spans.traceId(42);

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(NOW);
  private Vertx vertx;
  private Sidecar sidecar;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    sidecar = QuietSidecar.start(vertx, dir, TOKEN, clock);
    // Three exports a second apart: 100 then 150 tasks a second, 12 of 16 threads busy at last,
    // every task waiting about 32 ms (bucket -40 at scale 3 holds (31.25, 34.1] ms).
    long[] completed = {1000, 1100, 1250};
    long[] active = {4, 8, 12};
    for (int i = 0; i < 3; i++) {
      post(
          "/v1/metrics",
          PoolExport.pool("orders", "i-1", "http-*")
              .at(PoolExport.START_NANOS + (i + 1) * SECOND)
              .threads(4, 16, active[i], 16 - active[i])
              .queue(i, 1000, 0.0)
              .tasks(completed[i], i)
              .queueWait(3, 0, -40, 10L * (i + 1))
              .cpu(0.2 * (i + 1))
              .request()
              .toByteArray());
      clock.advance(Duration.ofSeconds(1));
    }
    post(
        "/v1/traces",
        Spans.export(
                Map.of("service.name", "orders", "service.instance.id", "i-1"),
                42,
                "GET /orders/{id}",
                Map.of(
                    "http.route", "/orders/{id}",
                    "http.request.method", "GET",
                    "http.response.status_code", 200L,
                    "jvm.executor.name", "http-*",
                    "poolpilot.queue.wait", 0.004))
            .toByteArray());
  }

  @Test
  void poolsShowRatesUtilizationAndWhetherTheyServeRequests() {
    JsonObject pool = getJson("/api/pools").getJsonArray("pools").getJsonObject(0);

    assertThat(pool.getDouble("arrivalRate")).isCloseTo(150.0, within(1e-6));
    assertThat(pool.getDouble("rejectedRate")).isCloseTo(1.0, within(1e-6));
    assertThat(pool.getDouble("utilization")).isCloseTo(0.75, within(1e-9));
    assertThat(pool.getDouble("queueWaitP50Ms")).isBetween(31.25, 34.1);
    assertThat(pool.getBoolean("servesRequests")).isTrue();
    assertThat(pool.getValue("lastDecision")).isNull();
  }

  @Test
  void aPoolShowsItsLastDecision() {
    Http.Reply pinned =
        await(
            Http.send(
                vertx,
                HttpMethod.PUT,
                sidecar.apiPort(),
                "/api/pools/orders/http-*",
                Http.headers(
                    "Content-Type", "application/json", "Authorization", "Bearer " + TOKEN),
                new JsonObject().put("core", 6).put("max", 16).toBuffer()));
    assertThat(pinned.status()).isEqualTo(200);

    JsonObject decision =
        getJson("/api/pools").getJsonArray("pools").getJsonObject(0).getJsonObject("lastDecision");

    assertThat(decision.getString("type")).isEqualTo("pin");
    assertThat(decision.getInteger("core")).isEqualTo(6);
  }

  @Test
  void historyListsTheSamplesOfEachInstanceOldestFirst() {
    JsonObject history = getJson("/api/pools/orders/http-%2A/history");

    assertThat(history.getString("service")).isEqualTo("orders");
    assertThat(history.getString("pool")).isEqualTo("http-*");
    assertThat(history.getLong("windowSeconds")).isEqualTo(900);
    assertThat(history.getLong("bucketSeconds")).isEqualTo(10);
    JsonObject instance = history.getJsonArray("instances").getJsonObject(0);
    assertThat(instance.getString("instance")).isEqualTo("i-1");
    JsonArray samples = instance.getJsonArray("samples");
    assertThat(samples).hasSize(3);
    JsonObject first = samples.getJsonObject(0);
    JsonObject last = samples.getJsonObject(2);
    assertThat(first.getString("timestamp")).isEqualTo(NOW.toString());
    assertThat(first.getValue("completedRate")).isNull();
    assertThat(last.getString("timestamp")).isEqualTo(NOW.plusSeconds(2).toString());
    assertThat(last.getLong("core")).isEqualTo(4);
    assertThat(last.getLong("max")).isEqualTo(16);
    assertThat(last.getLong("active")).isEqualTo(12);
    assertThat(last.getLong("queued")).isEqualTo(2);
    assertThat(last.getInteger("exports")).isEqualTo(1);
    assertThat(last.getDouble("completedRate")).isCloseTo(150.0, within(1e-6));
    assertThat(last.getDouble("rejectedRate")).isCloseTo(1.0, within(1e-6));
    assertThat(last.getDouble("utilization")).isCloseTo(0.75, within(1e-9));
    assertThat(last.getDouble("queueWaitP50Ms")).isBetween(31.25, 34.1);
    assertThat(last.getDouble("queueWaitP99Ms")).isBetween(31.25, 34.1);
    assertThat(first.getDouble("cpuUtilization")).isCloseTo(0.2, within(1e-9));
    assertThat(last.getDouble("cpuUtilization")).isCloseTo(0.6, within(1e-9));
  }

  @Test
  void historyNamesTheQueueWaitObjectiveTheTunerAimsFor() {
    JsonObject history = getJson("/api/pools/orders/http-%2A/history");

    assertThat(history.getDouble("queueWaitObjectiveMs")).isEqualTo(50.0);
  }

  @Test
  void historyOfAnUnknownPoolIs404SayingWhichPoolsThereAre() {
    Http.Reply reply = await(Http.get(vertx, sidecar.apiPort(), "/api/pools/orders/nope/history"));

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.body().toJsonObject().getString("error"))
        .isEqualTo("service 'orders' has no pool 'nope'; its pools: 'http-*'");
  }

  @Test
  void tracesAreListedWithTheirPoolAndQueueWaitAndShownSpanBySpan() {
    JsonObject summary =
        getJson("/api/traces?service=orders&limit=5").getJsonArray("traces").getJsonObject(0);

    assertThat(summary.getString("traceId")).isEqualTo(TRACE);
    assertThat(summary.getString("rootName")).isEqualTo("GET /orders/{id}");
    assertThat(summary.getString("service")).isEqualTo("orders");
    assertThat(summary.getDouble("durationMs")).isEqualTo(25.0);
    assertThat(summary.getString("status")).isEqualTo("UNSET");
    assertThat(summary.getString("executor")).isEqualTo("http-*");
    assertThat(summary.getDouble("queueWaitMs")).isCloseTo(4.0, within(1e-9));
    assertThat(getJson("/api/traces?service=billing").getJsonArray("traces")).isEmpty();
    assertThat(getJson("/api/traces").getJsonObject("held"))
        .isEqualTo(new JsonObject().put("spans", 1).put("traces", 1).put("notKept", 0));

    JsonObject trace = getJson("/api/traces/" + TRACE);
    JsonObject span = trace.getJsonArray("spans").getJsonObject(0);
    assertThat(span.getString("spanId")).isEqualTo("00000000000000a1");
    assertThat(span.getString("kind")).isEqualTo("SERVER");
    assertThat(span.getValue("parentSpanId")).isNull();
    assertThat(span.getJsonObject("attributes").getString("http.route")).isEqualTo("/orders/{id}");
    assertThat(span.getJsonObject("attributes").getLong("http.response.status_code"))
        .isEqualTo(200);
  }

  @Test
  void tracesAreSearchedByRouteMinimumDurationAndError() {
    assertThat(count("/api/traces?route=%2Forders%2F%7Bid%7D")).isEqualTo(1);
    assertThat(count("/api/traces?route=get%20%2FORDERS")).as("ignoring case").isEqualTo(1);
    assertThat(count("/api/traces?route=payments")).isZero();
    assertThat(count("/api/traces?minDurationMs=25")).isEqualTo(1);
    assertThat(count("/api/traces?minDurationMs=25.5")).isZero();
    assertThat(count("/api/traces?error=false")).isEqualTo(1);
    assertThat(count("/api/traces?error=true")).isZero();

    Http.Reply badMin = await(Http.get(vertx, sidecar.apiPort(), "/api/traces?minDurationMs=-1"));
    Http.Reply badError = await(Http.get(vertx, sidecar.apiPort(), "/api/traces?error=yes"));
    assertThat(badMin.status()).isEqualTo(400);
    assertThat(badMin.body().toJsonObject().getString("error"))
        .isEqualTo("minDurationMs '-1' is not a number of milliseconds >= 0");
    assertThat(badError.status()).isEqualTo(400);
    assertThat(badError.body().toJsonObject().getString("error"))
        .isEqualTo("error 'yes' is not true or false");
  }

  private int count(String path) {
    return getJson(path).getJsonArray("traces").size();
  }

  @Test
  void answersAnUnknownTraceWith404AndABadLimitWith400() {
    Http.Reply unknown =
        await(Http.get(vertx, sidecar.apiPort(), "/api/traces/" + Spans.traceId(7)));
    Http.Reply badLimit = await(Http.get(vertx, sidecar.apiPort(), "/api/traces?limit=0"));

    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.body().toJsonObject().getString("error")).startsWith("no trace '");
    assertThat(badLimit.status()).isEqualTo(400);
    assertThat(badLimit.body().toJsonObject().getString("error"))
        .isEqualTo("limit '0' is not a whole number from 1 to 1000");
  }

  @Test
  void servicesListTheirRoutesAndARouteHasAHistory() {
    JsonObject route =
        getJson("/api/services")
            .getJsonArray("services")
            .getJsonObject(0)
            .getJsonArray("routes")
            .getJsonObject(0);

    assertThat(route.getString("method")).isEqualTo("GET");
    assertThat(route.getString("route")).isEqualTo("/orders/{id}");
    assertThat(route.getLong("count")).isEqualTo(1);
    assertThat(route.getLong("errors")).isZero();
    assertThat(route.getDouble("p50Ms")).isBetween(23.0, 27.3);

    JsonObject history =
        getJson("/api/routes/orders/history?method=GET&route=%2Forders%2F%7Bid%7D");
    assertThat(history.getJsonArray("samples")).hasSize(1);
    assertThat(history.getJsonArray("samples").getJsonObject(0).getLong("count")).isEqualTo(1);
  }

  private void post(String path, byte[] body) {
    assertThat(
            await(
                    Agent.export(
                        vertx,
                        sidecar.otlpPort(),
                        path,
                        "application/x-protobuf",
                        Buffer.buffer(body),
                        TOKEN))
                .status())
        .isEqualTo(200);
  }

  private JsonObject getJson(String path) {
    Http.Reply reply = await(Http.get(vertx, sidecar.apiPort(), path));
    assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
    return reply.body().toJsonObject();
  }
}
