package io.poolpilot.sidecar.capacity;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * POSTs each request as a JSON document ({@link #body}, docs/capacity.md) to a URL, signed so that
 * the receiver can tell it came from a holder of the shared secret and is fresh:
 *
 * <ul>
 *   <li>{@value #TIMESTAMP_HEADER}: Unix seconds when this attempt was sent;
 *   <li>{@value #SIGNATURE_HEADER}: {@code sha256=} and the hex HMAC-SHA256, keyed with the secret,
 *       of {@code timestamp + "." + body}. A receiver recomputes it, compares in constant time and
 *       rejects a timestamp more than five minutes from its clock, so a captured request cannot be
 *       replayed later;
 *   <li>{@value #IDEMPOTENCY_HEADER}: the same for every attempt of one request (also in the body),
 *       so a receiver acts once on a request delivered twice.
 * </ul>
 *
 * 2xx is success. 5xx, a timeout or a failed connection is retried with backoff (first delay
 * doubling, {@value #ATTEMPTS} attempts in all, each with a fresh timestamp and signature); 4xx is
 * the receiver refusing this request, never retried. The JDK's asynchronous HTTP client does the
 * work, so no event loop and no caller waits.
 */
public final class WebhookCapacityProvider implements CapacityProvider {

  public static final String TIMESTAMP_HEADER = "X-PoolPilot-Timestamp";
  public static final String SIGNATURE_HEADER = "X-PoolPilot-Signature";
  public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
  public static final int ATTEMPTS = 5;

  private final URI url;
  private final byte[] secret;
  private final Duration timeout;
  private final Duration firstBackoff;
  private final Clock clock;
  private final HttpClient client;

  /**
   * @param firstBackoff the delay before the second attempt; doubled before each further one (1 s
   *     in production: 1, 2, 4, 8 s, so a receiver restarting within 15 s still gets the request)
   */
  public WebhookCapacityProvider(
      URI url, byte[] secret, Duration timeout, Duration firstBackoff, Clock clock) {
    this.url = Objects.requireNonNull(url, "url");
    this.secret = secret.clone();
    if (this.secret.length == 0) {
      throw new IllegalArgumentException("the webhook secret is empty");
    }
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.firstBackoff = Objects.requireNonNull(firstBackoff, "firstBackoff");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  @Override
  public String name() {
    return "webhook";
  }

  /** The document POSTed for a request. */
  public static JsonObject body(CapacityRequest request) {
    return new JsonObject()
        .put("service", request.service())
        .put("instance", request.instance())
        .put("direction", request.direction())
        .put("demandRatio", request.ratio())
        .put("currentReplicas", request.current().isPresent() ? request.current().getAsInt() : null)
        .put("desiredReplicas", request.desired().isPresent() ? request.desired().getAsInt() : null)
        .put("evidence", request.evidence())
        .put("idempotencyKey", request.idempotencyKey())
        .put("requestedAt", request.at().toString());
  }

  /** {@code sha256=<hex>} of HMAC-SHA256 over {@code timestamp + "." + body}. */
  public static String signature(byte[] secret, String timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return "sha256="
          + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  @Override
  public CompletableFuture<ProviderOutcome> request(CapacityRequest request) {
    String body = body(request).encode();
    return attempt(request, body, 1, firstBackoff);
  }

  private CompletableFuture<ProviderOutcome> attempt(
      CapacityRequest request, String body, int attempt, Duration backoff) {
    String timestamp = Long.toString(clock.instant().getEpochSecond());
    HttpRequest post =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header(TIMESTAMP_HEADER, timestamp)
            .header(SIGNATURE_HEADER, signature(secret, timestamp, body))
            .header(IDEMPOTENCY_HEADER, request.idempotencyKey())
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build();
    return client
        .sendAsync(post, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
        .handle(
            (response, error) -> {
              String what;
              if (error == null) {
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                  return CompletableFuture.completedFuture(
                      ProviderOutcome.ok(name(), "HTTP " + status + " after " + attempts(attempt)));
                }
                what = "HTTP " + status + ": " + shorten(response.body());
                if (status < 500) {
                  return CompletableFuture.completedFuture(
                      ProviderOutcome.failed(
                          name(), what + " (refused, not retried; " + attempts(attempt) + ")"));
                }
              } else {
                Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                what =
                    cause instanceof HttpTimeoutException
                        ? "no answer within " + timeout.toMillis() + " ms"
                        : cause instanceof IOException
                            ? "cannot reach " + url + ": " + cause
                            : String.valueOf(cause);
              }
              if (attempt >= ATTEMPTS) {
                return CompletableFuture.completedFuture(
                    ProviderOutcome.failed(
                        name(), what + " (gave up after " + attempts(attempt) + ")"));
              }
              return CompletableFuture.supplyAsync(
                      () -> null,
                      CompletableFuture.delayedExecutor(backoff.toMillis(), TimeUnit.MILLISECONDS))
                  .thenCompose(
                      ignored -> attempt(request, body, attempt + 1, backoff.multipliedBy(2)));
            })
        .thenCompose(next -> next);
  }

  private static String attempts(int count) {
    return count == 1 ? "1 attempt" : count + " attempts";
  }

  private static String shorten(String text) {
    String line = text == null ? "" : text.strip().replace('\n', ' ');
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }
}
