package io.poolpilot.sidecar.api;

import static io.poolpilot.sidecar.testing.Agent.message;
import static io.poolpilot.sidecar.testing.Agent.pool;
import static io.poolpilot.sidecar.testing.Http.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.protocol.control.PoolSizes;
import io.poolpilot.protocol.control.ReportedPool;
import io.poolpilot.sidecar.Sidecar;
import io.poolpilot.sidecar.config.SidecarConfig;
import io.poolpilot.sidecar.journal.Journal;
import io.poolpilot.sidecar.testing.Agent;
import io.poolpilot.sidecar.testing.Http;
import io.poolpilot.sidecar.testing.Http.Reply;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Pins through the API of a sidecar that generated its own token, seen by a polling agent. */
@ExtendWith(VertxExtension.class)
class PinApiTest {

  private static final String ORDERS = "/api/pools/orders/orders-%2A";

  @TempDir Path dir;
  private Vertx vertx;
  private Sidecar sidecar;
  private String token;
  private long sequence;

  @BeforeEach
  void start(Vertx vertx) throws IOException {
    this.vertx = vertx;
    sidecar =
        await(
            Sidecar.start(
                vertx,
                SidecarConfig.DEFAULTS.withPorts(0, 0).withDataDir(dir),
                new PrintStream(OutputStream.nullOutputStream())));
    token = Files.readString(sidecar.tokenFile().orElseThrow(), StandardCharsets.US_ASCII).strip();
    poll(0, pool("orders-*", 2, 16), pool("io pool/*", 1, 4));
  }

  @AfterEach
  void stop() {
    await(sidecar.close());
  }

  @Test
  void generatesATokenFileOnlyItsOwnerCanRead() throws IOException {
    Path file = sidecar.tokenFile().orElseThrow();

    assertThat(file).isEqualTo(dir.resolve("sidecar-token").toAbsolutePath());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(token).hasSizeGreaterThanOrEqualTo(43);
  }

  @Test
  void aPinReachesTheAgentOnItsNextPollAndAReleaseTakesItBack() {
    long before = poll(0, pool("orders-*", 2, 16)).getLong("version");

    Reply pinned = put(ORDERS, new JsonObject().put("core", 6).put("max", 16), token);
    JsonObject withPin = poll(before, pool("orders-*", 2, 16));
    Reply released = put(ORDERS, new JsonObject().put("auto", true), token);
    JsonObject withoutPin = poll(withPin.getLong("version"), pool("orders-*", 6, 16));

    assertThat(pinned.status()).isEqualTo(200);
    assertThat(pinned.body().toJsonObject())
        .isEqualTo(
            new JsonObject()
                .put("service", "orders")
                .put("pool", "orders-*")
                .put("changed", true)
                .put("pinned", true)
                .put("core", 6)
                .put("max", 16));
    assertThat(withPin.getLong("version")).isGreaterThan(before);
    assertThat(withPin.getJsonArray("desired").getJsonObject(0))
        .isEqualTo(new JsonObject().put("pool", "orders-*").put("core", 6).put("max", 16));
    assertThat(released.status()).isEqualTo(200);
    assertThat(released.body().toJsonObject().getBoolean("pinned")).isFalse();
    assertThat(withoutPin.getJsonArray("desired")).isEmpty();
    assertThat(withoutPin.getLong("version")).isGreaterThan(withPin.getLong("version"));
    assertThat(sidecar.control().pins()).isEmpty();
  }

  @Test
  void thePoolListingShowsThePinTheDesiredSizesAndTheLastResult() {
    put(ORDERS, new JsonObject().put("core", 6).put("max", 16), token);
    long version = poll(0, pool("orders-*", 2, 16)).getLong("version");
    JsonObject applied = message("orders", "i-1", ++sequence, version, pool("orders-*", 6, 16));
    applied.put(
        "results",
        new io.vertx.core.json.JsonArray()
            .add(
                new JsonObject()
                    .put("pool", "orders-*")
                    .put("applied", true)
                    .put("core", 6)
                    .put("max", 16)
                    .put("reason", "")));
    await(Agent.poll(vertx, sidecar.otlpPort(), applied, token));

    JsonObject orders =
        await(Http.get(vertx, sidecar.apiPort(), "/api/pools"))
            .body()
            .toJsonObject()
            .getJsonArray("pools")
            .stream()
            .map(JsonObject.class::cast)
            .filter(p -> p.getString("name").equals("orders-*"))
            .findFirst()
            .orElseThrow();

    assertThat(orders.getLong("core")).isEqualTo(6);
    assertThat(orders.getBoolean("controlled")).isTrue();
    assertThat(orders.getBoolean("pinned")).isTrue();
    assertThat(orders.getJsonObject("pin"))
        .isEqualTo(new JsonObject().put("core", 6).put("max", 16));
    assertThat(orders.getJsonObject("desired")).isEqualTo(orders.getJsonObject("pin"));
    assertThat(orders.getLong("originalCore")).isEqualTo(2);
    assertThat(orders.getBoolean("resizable")).isTrue();
    assertThat(orders.getLong("appliedVersion")).isEqualTo(version);
    assertThat(orders.getJsonObject("lastResult").getBoolean("applied")).isTrue();
    assertThat(orders.getValue("queued")).isNull();
  }

  @Test
  void writesWithoutTheTokenGet401AndChangeNothing() throws IOException {
    long journalBytes = Files.size(dir.resolve(Journal.FILE_NAME));

    Reply missing = put(ORDERS, new JsonObject().put("core", 6).put("max", 16), null);
    Reply wrong = put(ORDERS, new JsonObject().put("core", 6).put("max", 16), token + "x");

    assertThat(missing.status()).isEqualTo(401);
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(missing.headers().get("WWW-Authenticate")).startsWith("Bearer");
    assertThat(sidecar.control().pins()).isEmpty();
    assertThat(Files.size(dir.resolve(Journal.FILE_NAME))).isEqualTo(journalBytes);
  }

  @Test
  void badSizesGet400SayingWhatWasExpected() {
    assertThat(badRequest(new JsonObject().put("core", 0).put("max", 4)))
        .isEqualTo("core is 0, expected a whole number from 1 to 2147483647");
    assertThat(badRequest(new JsonObject().put("core", 8).put("max", 4)))
        .isEqualTo("core 8 is above max 4, expected core <= max");
    assertThat(badRequest(new JsonObject().put("core", 2)))
        .isEqualTo("no max, expected {\"core\": N, \"max\": M} or {\"auto\": true}");
    assertThat(badRequest(new JsonObject().put("auto", false)))
        .isEqualTo("auto is false, expected true");
    assertThat(badRequest(new JsonObject().put("cores", 2).put("max", 4)))
        .startsWith("unknown key 'cores'");
    assertThat(badRequest(new JsonObject().put("core", "2").put("max", 4)))
        .isEqualTo("core is \"2\", expected a whole number from 1 to 2147483647");
    assertThat(sidecar.control().pins()).isEmpty();
  }

  @Test
  void unknownServicesAndPoolsGet404NamingWhatIsKnown() {
    Reply service = put("/api/pools/billing/x", new JsonObject().put("auto", true), token);
    Reply pool =
        put("/api/pools/orders/nope-*", new JsonObject().put("core", 1).put("max", 1), token);

    assertThat(service.status()).isEqualTo(404);
    assertThat(service.body().toJsonObject().getString("error"))
        .isEqualTo("no service 'billing' has reported to this sidecar; known services: 'orders'");
    assertThat(pool.status()).isEqualTo(404);
    assertThat(pool.body().toJsonObject().getString("error"))
        .isEqualTo("service 'orders' has no pool 'nope-*'; its pools: 'io pool/*', 'orders-*'");
  }

  @Test
  void poolNamesAreUrlDecoded() {
    Reply reply =
        put(
            "/api/pools/orders/io%20pool%2F%2A",
            new JsonObject().put("core", 2).put("max", 3), token);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(sidecar.control().pins())
        .isEqualTo(Map.of("orders", Map.of("io pool/*", new PoolSizes(2, 3))));
  }

  @Test
  void aPoolNoAgentMayResizeCannotBePinned() {
    ReportedPool ticker =
        new ReportedPool(
            "ticker-*", 1, 1, 1, 1, false, Optional.of("a scheduled pool is never resized"));
    poll(0, pool("orders-*", 2, 16), ticker);

    Reply reply =
        put("/api/pools/orders/ticker-*", new JsonObject().put("core", 2).put("max", 2), token);

    assertThat(reply.status()).isEqualTo(409);
    assertThat(reply.body().toJsonObject().getString("error"))
        .isEqualTo(
            "pool 'ticker-*' of service 'orders' cannot be resized: a scheduled pool is never resized");
  }

  private JsonObject poll(long appliedVersion, ReportedPool... pools) {
    Reply reply =
        await(
            Agent.poll(
                vertx,
                sidecar.otlpPort(),
                message("orders", "i-1", ++sequence, appliedVersion, pools),
                token));
    assertThat(reply.status()).isEqualTo(200);
    return reply.body().toJsonObject();
  }

  private Reply put(String path, JsonObject body, String token) {
    MultiMap headers = Http.headers("Content-Type", "application/json");
    if (token != null) {
      headers.add("Authorization", "Bearer " + token);
    }
    return await(
        Http.send(vertx, HttpMethod.PUT, sidecar.apiPort(), path, headers, body.toBuffer()));
  }

  private String badRequest(JsonObject body) {
    Reply reply = put(ORDERS, body, token);
    assertThat(reply.status()).isEqualTo(400);
    return reply.body().toJsonObject().getString("error");
  }
}
