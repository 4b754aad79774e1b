package io.poolpilot.sidecar.api;

import static io.poolpilot.sidecar.testing.Http.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.sidecar.auth.BearerToken;
import io.poolpilot.sidecar.auth.HostHeaderCheck;
import io.poolpilot.sidecar.model.InstanceKey;
import io.poolpilot.sidecar.model.LiveModel;
import io.poolpilot.sidecar.model.PoolKey;
import io.poolpilot.sidecar.model.PoolReport;
import io.poolpilot.sidecar.model.PoolValue;
import io.poolpilot.sidecar.testing.ControlFixture;
import io.poolpilot.sidecar.testing.Http;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/pools} in pages, and the answers that grow with the pools built off the loop. */
@ExtendWith(VertxExtension.class)
class PoolPagesTest {

  @TempDir Path dir;
  private ControlFixture fixture;
  private final List<Boolean> ratiosReadOnEventLoop = new CopyOnWriteArrayList<>();
  private int port;

  @BeforeEach
  void deploy(Vertx vertx) {
    fixture = new ControlFixture(dir, Clock.systemUTC());
    ApiVerticle api =
        new ApiVerticle(
            "127.0.0.1",
            0,
            LiveModel.of(fixture.model),
            fixture.control,
            new BearerToken("t0ken"),
            Optional::empty,
            () -> {
              ratiosReadOnEventLoop.add(Context.isOnEventLoopThread());
              return Map.<InstanceKey, Double>of();
            },
            new HostHeaderCheck("127.0.0.1", List.of()),
            Optional.empty());
    await(vertx.deployVerticle(api));
    port = api.actualPort();
    for (int i = 0; i < 5; i++) {
      fixture.model.record(
          new PoolReport(
              new PoolKey("orders", "i-" + i, "pool"),
              1,
              Map.of(PoolValue.CORE, 2.0),
              Optional.empty()));
    }
  }

  @AfterEach
  void closeJournal() {
    fixture.close();
  }

  @Test
  void answersEveryPoolOnceAcrossPagesWithTheMoreMarker(Vertx vertx) {
    List<String> instances = new ArrayList<>();
    JsonObject first = page(vertx, "/api/pools?limit=2");
    assertThat(first.getBoolean("more")).isTrue();
    assertThat(first.getLong("nextOffset")).isEqualTo(2);
    assertThat(first.getInteger("total")).isEqualTo(5);
    instances.addAll(names(first));
    JsonObject second = page(vertx, "/api/pools?limit=2&offset=2");
    assertThat(second.getLong("nextOffset")).isEqualTo(4);
    instances.addAll(names(second));
    JsonObject last = page(vertx, "/api/pools?limit=2&offset=4");
    assertThat(last.getBoolean("more")).isFalse();
    assertThat(last.containsKey("nextOffset")).isFalse();
    instances.addAll(names(last));

    assertThat(instances).containsExactly("i-0", "i-1", "i-2", "i-3", "i-4");
  }

  @Test
  void answersAllOfASmallSidecarsPoolsInOnePageByDefault(Vertx vertx) {
    JsonObject answer = page(vertx, "/api/pools");

    assertThat(answer.getJsonArray("pools")).hasSize(5);
    assertThat(answer.getBoolean("more")).isFalse();
    assertThat(answer.getInteger("limit")).isEqualTo(PageRequest.DEFAULT_LIMIT);
  }

  @Test
  void refusesALimitAboveTheMaximumSayingTheRange(Vertx vertx) {
    Http.Reply reply = await(Http.get(vertx, port, "/api/pools?limit=5001"));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.body().toJsonObject().getString("error"))
        .isEqualTo("limit '5001' is not a whole number from 1 to 5000");
  }

  @Test
  void buildsTheMetricsAnswerOffTheEventLoop(Vertx vertx) {
    Http.Reply reply = await(Http.get(vertx, port, "/metrics"));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body().toString()).contains("orders");
    assertThat(ratiosReadOnEventLoop).containsExactly(false);
  }

  private JsonObject page(Vertx vertx, String path) {
    Http.Reply reply = await(Http.get(vertx, port, path));
    assertThat(reply.status()).isEqualTo(200);
    return reply.body().toJsonObject();
  }

  private static List<String> names(JsonObject page) {
    JsonArray pools = page.getJsonArray("pools");
    List<String> instances = new ArrayList<>();
    for (int i = 0; i < pools.size(); i++) {
      instances.add(pools.getJsonObject(i).getString("instance"));
    }
    return instances;
  }
}
