package io.poolpilot.sidecar.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook provider against a real local receiver that checks what a receiver should. */
class WebhookCapacityProviderTest {

  private static final byte[] SECRET = "s3cret-for-tests".getBytes(StandardCharsets.UTF_8);

  private record Delivery(
      String body, String timestamp, String signature, String key, boolean valid) {}

  private final Deque<Integer> statuses = new ArrayDeque<>();
  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  private HttpServer receiver;
  private WebhookCapacityProvider provider;

  @BeforeEach
  void receiver() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/scale",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          String timestamp = exchange.getRequestHeaders().getFirst("X-PoolPilot-Timestamp");
          String signature = exchange.getRequestHeaders().getFirst("X-PoolPilot-Signature");
          boolean fresh =
              Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) <= 300;
          boolean valid = fresh && hmac(timestamp + "." + body).equals(signature);
          deliveries.add(
              new Delivery(
                  body,
                  timestamp,
                  signature,
                  exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                  valid));
          Integer scripted;
          synchronized (statuses) {
            scripted = statuses.poll();
          }
          int status = !valid ? 401 : scripted == null ? 204 : scripted;
          byte[] answer = ("status " + status).getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, status == 204 ? -1 : answer.length);
          if (status != 204) {
            exchange.getResponseBody().write(answer);
          }
          exchange.close();
        });
    receiver.start();
    provider =
        new WebhookCapacityProvider(
            URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/scale"),
            SECRET,
            Duration.ofSeconds(10),
            Duration.ofMillis(20),
            Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    receiver.stop(0);
  }

  private static String hmac(String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
      return "sha256="
          + HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static CapacityRequest request() {
    return new CapacityRequest(
        Instant.parse("2026-11-27T10:00:00Z"),
        "orders",
        "pod-a",
        "up",
        1.5,
        OptionalInt.of(2),
        OptionalInt.of(3),
        "http: CPU 100% of 2 processors",
        "orders-up-1764237600000");
  }

  private ProviderOutcome send() throws Exception {
    return provider.request(request()).get(60, TimeUnit.SECONDS);
  }

  @Test
  void postsASignedDocumentWithTheIdempotencyKey() throws Exception {
    ProviderOutcome outcome = send();

    assertThat(outcome.ok()).as(outcome.detail()).isTrue();
    Delivery delivery = deliveries.get(0);
    assertThat(delivery.valid()).isTrue();
    assertThat(delivery.key()).isEqualTo("orders-up-1764237600000");
    JsonObject body = new JsonObject(delivery.body());
    assertThat(body.getString("service")).isEqualTo("orders");
    assertThat(body.getString("instance")).isEqualTo("pod-a");
    assertThat(body.getDouble("demandRatio")).isEqualTo(1.5);
    assertThat(body.getInteger("currentReplicas")).isEqualTo(2);
    assertThat(body.getInteger("desiredReplicas")).isEqualTo(3);
    assertThat(body.getString("evidence")).contains("CPU 100%");
    assertThat(body.getString("idempotencyKey")).isEqualTo(delivery.key());
  }

  @Test
  void aSignatureOverAnotherBodyDoesNotVerify() {
    String timestamp = "1764237600";
    String signed = WebhookCapacityProvider.signature(SECRET, timestamp, "{\"desiredReplicas\":3}");

    assertThat(signed).isEqualTo(hmac(timestamp + ".{\"desiredReplicas\":3}"));
    assertThat(signed).isNotEqualTo(hmac(timestamp + ".{\"desiredReplicas\":30}"));
    assertThat(signed).isNotEqualTo(hmac("1764237601.{\"desiredReplicas\":3}"));
  }

  @Test
  void retriesA500WithTheSameKeyAndAFreshSignature() throws Exception {
    statuses.add(500);
    statuses.add(503);

    ProviderOutcome outcome = send();

    assertThat(outcome.ok()).as(outcome.detail()).isTrue();
    assertThat(outcome.detail()).contains("3 attempts");
    assertThat(deliveries).hasSize(3).allSatisfy(d -> assertThat(d.valid()).isTrue());
    assertThat(deliveries).extracting(Delivery::key).containsOnly("orders-up-1764237600000");
  }

  @Test
  void neverRetriesA400() throws Exception {
    statuses.add(400);

    ProviderOutcome outcome = send();

    assertThat(outcome.ok()).isFalse();
    assertThat(outcome.detail()).startsWith("HTTP 400: status 400").contains("not retried");
    assertThat(deliveries).hasSize(1);
  }

  @Test
  void givesUpAfterItsAttemptsWhenTheReceiverIsDown() throws Exception {
    receiver.stop(0);

    ProviderOutcome outcome = send();

    assertThat(outcome.ok()).isFalse();
    assertThat(outcome.detail()).contains("cannot reach").contains("gave up after 5 attempts");
  }
}
