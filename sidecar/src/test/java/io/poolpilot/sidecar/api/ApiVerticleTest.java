package io.poolpilot.sidecar.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.protocol.histogram.ExponentialHistogram;
import io.poolpilot.sidecar.auth.BearerToken;
import io.poolpilot.sidecar.model.HistogramPoint;
import io.poolpilot.sidecar.model.PoolKey;
import io.poolpilot.sidecar.model.PoolModel;
import io.poolpilot.sidecar.model.PoolReport;
import io.poolpilot.sidecar.model.PoolValue;
import io.poolpilot.sidecar.testing.ControlFixture;
import io.poolpilot.sidecar.testing.Http;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class ApiVerticleTest {

  @TempDir Path dir;
  private ControlFixture fixture;
  private PoolModel model;
  private int port;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    fixture = new ControlFixture(dir, Clock.systemUTC());
    model = fixture.model;
    ApiVerticle api =
        new ApiVerticle("127.0.0.1", 0, model, fixture.control, new BearerToken("t0ken"));
    vertx
        .deployVerticle(api)
        .onComplete(
            ctx.succeeding(
                id -> {
                  port = api.actualPort();
                  ctx.completeNow();
                }));
  }

  @AfterEach
  void closeJournal() {
    fixture.close();
  }

  @Test
  void healthSaysUp(Vertx vertx, VertxTestContext ctx) {
    Http.get(vertx, port, "/health")
        .onComplete(
            ctx.succeeding(
                reply ->
                    ctx.verify(
                        () -> {
                          assertThat(reply.status()).isEqualTo(200);
                          assertThat(reply.body().toJsonObject())
                              .isEqualTo(new JsonObject().put("status", "UP"));
                          ctx.completeNow();
                        })));
  }

  @Test
  void listsPoolsWithReadingsInMillisecondsAndNullForTheUnreported(
      Vertx vertx, VertxTestContext ctx) {
    model.record(
        new PoolReport(
            new PoolKey("orders", "i-1", "orders-*"),
            1_700_000_000_000_000_000L,
            Map.of(PoolValue.CORE, 4.0, PoolValue.MAX, 16.0, PoolValue.QUEUED, 12.0),
            Optional.of(
                HistogramPoint.cumulative(
                    0, 1, new ExponentialHistogram(3, 0, 0, new long[] {100})))));

    Http.get(vertx, port, "/api/pools")
        .onComplete(
            ctx.succeeding(
                reply ->
                    ctx.verify(
                        () -> {
                          assertThat(reply.status()).isEqualTo(200);
                          assertThat(reply.contentType()).startsWith("application/json");
                          JsonArray pools = reply.body().toJsonObject().getJsonArray("pools");
                          assertThat(pools).hasSize(1);
                          JsonObject pool = pools.getJsonObject(0);
                          assertThat(pool.getString("service")).isEqualTo("orders");
                          assertThat(pool.getString("instance")).isEqualTo("i-1");
                          assertThat(pool.getString("name")).isEqualTo("orders-*");
                          assertThat(pool.getLong("core")).isEqualTo(4);
                          assertThat(pool.getLong("max")).isEqualTo(16);
                          assertThat(pool.getLong("queued")).isEqualTo(12);
                          assertThat(pool.containsKey("active")).isTrue();
                          assertThat(pool.getValue("active")).isNull();
                          assertThat(pool.getLong("queueWaitSamples")).isEqualTo(100);
                          assertThat(pool.getDouble("queueWaitP99Ms")).isBetween(1000.0, 1091.0);
                          assertThat(pool.getString("observedAt"))
                              .isEqualTo("2023-11-14T22:13:20Z");
                          ctx.completeNow();
                        })));
  }

  @Test
  void answersTheTextTableToClientsThatAskForText(Vertx vertx, VertxTestContext ctx) {
    model.record(
        new PoolReport(
            new PoolKey("orders", "i-1", "orders-*"),
            1,
            Map.of(PoolValue.CORE, 4.0),
            Optional.empty()));

    Http.send(
            vertx,
            HttpMethod.GET,
            port,
            "/api/pools",
            Http.headers("Accept", "text/plain"),
            Buffer.buffer())
        .onComplete(
            ctx.succeeding(
                reply ->
                    ctx.verify(
                        () -> {
                          assertThat(reply.status()).isEqualTo(200);
                          assertThat(reply.contentType()).startsWith("text/plain");
                          assertThat(reply.body().toString())
                              .startsWith("SERVICE")
                              .contains("orders-*");
                          ctx.completeNow();
                        })));
  }

  @Test
  void answersAnEmptyListBeforeAnyExport(Vertx vertx, VertxTestContext ctx) {
    Http.get(vertx, port, "/api/pools")
        .onComplete(
            ctx.succeeding(
                reply ->
                    ctx.verify(
                        () -> {
                          JsonObject answer = reply.body().toJsonObject();
                          assertThat(answer.getJsonArray("pools")).isEmpty();
                          assertThat(answer.getInteger("total")).isZero();
                          assertThat(answer.getBoolean("more")).isFalse();
                          ctx.completeNow();
                        })));
  }

  @Test
  void answersUnknownPathsWith404InJson(Vertx vertx, VertxTestContext ctx) {
    Http.get(vertx, port, "/api/nothing")
        .onComplete(
            ctx.succeeding(
                reply ->
                    ctx.verify(
                        () -> {
                          assertThat(reply.status()).isEqualTo(404);
                          assertThat(reply.body().toJsonObject().getString("error"))
                              .isEqualTo("no resource at /api/nothing");
                          ctx.completeNow();
                        })));
  }
}
