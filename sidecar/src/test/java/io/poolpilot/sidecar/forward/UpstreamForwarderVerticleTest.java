package io.poolpilot.sidecar.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.poolpilot.sidecar.testing.Http;
import io.poolpilot.testsupport.LoopbackPorts;
import io.poolpilot.testsupport.MutableClock;
import io.poolpilot.testsupport.OtlpReceiver;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class UpstreamForwarderVerticleTest {

  /** The stand-in upstream each test forwards to. */
  @AutoClose private final OtlpReceiver upstream = OtlpReceiver.start();

  private static final Backoff FAST =
      new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), () -> 0.5);

  private final ByteArrayOutputStream console = new ByteArrayOutputStream();

  @Test
  void givesUpOnAHungRequestAfterTheTimeoutAndTriesAgain(Vertx vertx) {
    upstream.hold();
    UpstreamForwarderVerticle forwarder = deploy(vertx, upstream.endpoint());

    forwarder.accept(payload("one"));

    await().atMost(Duration.ofSeconds(10)).until(() -> upstream.requests().size() >= 2);
    assertThat(forwarder.stats().retries()).isPositive();
    assertThat(output()).contains("cannot forward to upstream " + upstream.endpoint());
    upstream.release();
    await().atMost(Duration.ofSeconds(10)).until(() -> forwarder.stats().forwarded() == 1);
    assertThat(output()).contains("forwarding to upstream " + upstream.endpoint() + " recovered");
  }

  @Test
  void keepsRetryingWhileNothingListensAndReportsItOnce(Vertx vertx) {
    UpstreamForwarderVerticle forwarder =
        deploy(vertx, "http://127.0.0.1:" + LoopbackPorts.closedPort());

    forwarder.accept(payload("one"));
    forwarder.accept(payload("two"));

    await().atMost(Duration.ofSeconds(10)).until(() -> forwarder.stats().retries() >= 5);
    // Nothing is lost while retrying. The payload being sent is out of the buffer for the moment
    // of each attempt, so both are counted between attempts, which is most of the time.
    await().atMost(Duration.ofSeconds(10)).until(() -> forwarder.stats().bufferedPayloads() == 2);
    assertThat(forwarder.stats().forwarded()).isZero();
    assertThat(output().lines().filter(line -> line.contains("cannot forward"))).hasSize(1);
  }

  @Test
  void reportsDropsOnceWithWhatToDoAndAgainWhenTheBufferHasDrained(Vertx vertx) {
    UpstreamForwarderVerticle forwarder = create(upstream.endpoint(), new MutableClock());
    // Queued before the forwarder runs: 40 KiB each in a 64 KiB buffer, so each drops the last.
    forwarder.accept(payload("a".repeat(40 * 1024)));
    forwarder.accept(payload("b".repeat(40 * 1024)));
    forwarder.accept(payload("c".repeat(40 * 1024)));
    assertThat(forwarder.stats().dropped()).isEqualTo(2);

    Http.await(vertx.deployVerticle(forwarder));

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> output().contains("caught up, the buffer is empty again"));
    assertThat(output().lines().filter(line -> line.contains("forward buffer")))
        .singleElement()
        .asString()
        .contains(
            "dropped the oldest 1 body (40.0 KiB)",
            upstream.endpoint(),
            "raise upstream.buffer (now 64KiB)");
    assertThat(output())
        .contains(
            "poolpilot-sidecar: forwarding to upstream "
                + upstream.endpoint()
                + " caught up, the buffer is empty again; dropped 1 body (40.0 KiB) since the last"
                + " line; 2 dropped in total");
    assertThat(forwarder.stats().forwarded()).isEqualTo(1);
  }

  @Test
  void saysOnceAtStartThatCredentialsInTheEndpointAreNotSent(Vertx vertx) {
    String withUser = upstream.endpoint().replace("http://", "http://scraper:hunter2@");

    deploy(vertx, withUser);

    assertThat(output().lines().filter(line -> line.contains("carries user info")))
        .singleElement()
        .asString()
        .contains(
            "upstream.endpoint " + upstream.endpoint(), "give the credentials as upstream.headers");
    assertThat(output()).doesNotContain("hunter2");
  }

  @Test
  void saysNothingAtStartAboutAnEndpointWithoutUserInfo(Vertx vertx) {
    deploy(vertx, upstream.endpoint());

    assertThat(output()).isEmpty();
  }

  private UpstreamForwarderVerticle deploy(Vertx vertx, String url) {
    UpstreamForwarderVerticle forwarder = create(url, Clock.systemUTC());
    Http.await(vertx.deployVerticle(forwarder));
    return forwarder;
  }

  private UpstreamForwarderVerticle create(String url, Clock clock) {
    return new UpstreamForwarderVerticle(
        new Upstream(URI.create(url), Map.of(), Upstream.MIN_BUFFER_BYTES),
        FAST,
        Duration.ofMillis(500),
        Duration.ofMillis(300),
        new PrintStream(console, true, StandardCharsets.UTF_8),
        clock);
  }

  private String output() {
    return console.toString(StandardCharsets.UTF_8);
  }

  private static OtlpPayload payload(String text) {
    return new OtlpPayload("/v1/traces", "application/json", "", Buffer.buffer(text));
  }
}
