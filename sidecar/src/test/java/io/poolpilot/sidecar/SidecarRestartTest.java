package io.poolpilot.sidecar;

import static io.poolpilot.sidecar.testing.Agent.message;
import static io.poolpilot.sidecar.testing.Agent.pool;
import static io.poolpilot.sidecar.testing.Http.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.sidecar.config.SidecarConfig;
import io.poolpilot.sidecar.journal.Journal;
import io.poolpilot.sidecar.testing.Agent;
import io.poolpilot.sidecar.testing.Http;
import io.poolpilot.sidecar.testing.Http.Reply;
import io.poolpilot.testsupport.MutableClock;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A second sidecar on the first one's data directory resumes where the first stopped. */
@ExtendWith(VertxExtension.class)
class SidecarRestartTest {

  private static final String TOKEN = "restart-token";
  private static final Instant LATER = Instant.parse("2030-01-01T00:00:00Z");

  @TempDir Path dir;
  private final ByteArrayOutputStream console = new ByteArrayOutputStream();

  @Test
  void pinsAndRisingVersionsSurviveARestartWithATornJournalAndAClockBehind(Vertx vertx)
      throws IOException {
    Sidecar first = start(vertx, new MutableClock(LATER));
    long v1 = poll(vertx, first, 1, 0).getLong("version");
    pin(vertx, first, new JsonObject().put("core", 6).put("max", 16));
    JsonObject pinned = poll(vertx, first, 2, v1);
    await(first.close());
    // What kill -9 during a write leaves behind: half a line.
    Files.writeString(
        dir.resolve(Journal.FILE_NAME),
        "{\"at\":\"2030-01-01T00:00:01Z\",\"ty",
        StandardOpenOption.APPEND);

    Sidecar second = start(vertx, new MutableClock(LATER.minus(Duration.ofHours(1))));
    JsonObject resumed = poll(vertx, second, 3, pinned.getLong("version"));
    pin(vertx, second, new JsonObject().put("auto", true));
    JsonObject released = poll(vertx, second, 4, resumed.getLong("version"));
    await(second.close());

    assertThat(pinned.getLong("version")).isGreaterThan(v1);
    assertThat(resumed).isEqualTo(pinned);
    assertThat(resumed.getJsonArray("desired"))
        .isEqualTo(
            new JsonArray()
                .add(new JsonObject().put("pool", "orders-*").put("core", 6).put("max", 16)));
    assertThat(released.getJsonArray("desired")).isEmpty();
    assertThat(released.getLong("version")).isGreaterThan(resumed.getLong("version"));
    assertThat(console.toString(StandardCharsets.UTF_8))
        .contains("cut off an unfinished last line");
  }

  @Test
  void aRestartedSidecarAnswersAnUnchangedStateWithTheVersionItIssuedBefore(Vertx vertx) {
    Sidecar first = start(vertx, new MutableClock(LATER));
    long applied = poll(vertx, first, 1, 0).getLong("version");
    await(first.close());

    Sidecar second = start(vertx, new MutableClock(LATER.minus(Duration.ofDays(1))));
    long next = poll(vertx, second, 2, applied).getLong("version");
    await(second.close());

    assertThat(next).isEqualTo(applied);
  }

  private Sidecar start(Vertx vertx, MutableClock clock) {
    return await(
        Sidecar.start(
            vertx,
            SidecarConfig.DEFAULTS.withPorts(0, 0).withDataDir(dir).withToken(TOKEN),
            new PrintStream(console, true, StandardCharsets.UTF_8),
            clock));
  }

  private static JsonObject poll(Vertx vertx, Sidecar sidecar, long sequence, long applied) {
    Reply reply =
        await(
            Agent.poll(
                vertx,
                sidecar.otlpPort(),
                message("orders", "i-1", sequence, applied, pool("orders-*", 2, 16)),
                TOKEN));
    assertThat(reply.status()).isEqualTo(200);
    return reply.body().toJsonObject();
  }

  private static void pin(Vertx vertx, Sidecar sidecar, JsonObject body) {
    Reply reply =
        await(
            Http.send(
                vertx,
                HttpMethod.PUT,
                sidecar.apiPort(),
                "/api/pools/orders/orders-*",
                Http.headers("Authorization", "Bearer " + TOKEN),
                body.toBuffer()));
    assertThat(reply.status()).isEqualTo(200);
  }
}
