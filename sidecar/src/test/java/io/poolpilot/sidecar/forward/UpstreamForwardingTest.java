package io.poolpilot.sidecar.forward;

import static io.poolpilot.sidecar.testing.PoolExport.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.poolpilot.sidecar.Sidecar;
import io.poolpilot.sidecar.config.SidecarConfig;
import io.poolpilot.sidecar.testing.Agent;
import io.poolpilot.sidecar.testing.Http;
import io.poolpilot.sidecar.testing.Logs;
import io.poolpilot.sidecar.testing.Spans;
import io.poolpilot.testsupport.OtlpReceiver;
import io.poolpilot.testsupport.ReceivedRequest;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class UpstreamForwardingTest {

  /** The stand-in upstream each test forwards to. */
  @AutoClose private final OtlpReceiver upstream = OtlpReceiver.start();

  private static final String PROTOBUF = "application/x-protobuf";
  private static final String TOKEN = "t0ken";

  /**
   * How soon an export or a poll must be answered while the upstream never answers: generous for a
   * busy CI machine, and still half the forwarder's request timeout, which an answer waiting on the
   * upstream would take at least.
   */
  private static final Duration PROMPTLY =
      UpstreamForwarderVerticle.DEFAULT_REQUEST_TIMEOUT.dividedBy(2);

  @TempDir Path dir;

  @Test
  void forwardsEveryAcceptedBodyUnchangedToTheUpstream(Vertx vertx) throws IOException {
    Sidecar sidecar = start(vertx, upstream, Upstream.DEFAULT_BUFFER_BYTES);
    byte[] metrics =
        gzip(pool("orders", "i-1", "http-*").threads(4, 16, 2, 2).request().toByteArray());
    String traces =
        "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{"
            + "\"traceId\":\"5b8efff798038103d269b633813fc60c\",\"spanId\":\"eee19b7ec3c1b174\","
            + "\"name\":\"GET /orders\",\"kind\":2}]}]}]}";
    byte[] protobufTraces =
        Spans.export(Map.of("service.name", "orders"), 9, "GET /x", Map.of()).toByteArray();

    assertThat(
            Http.await(
                    Http.send(
                        vertx,
                        HttpMethod.POST,
                        sidecar.otlpPort(),
                        "/v1/metrics",
                        Http.headers("Content-Type", PROTOBUF, "Content-Encoding", "gzip"),
                        Buffer.buffer(metrics)))
                .status())
        .isEqualTo(200);
    assertThat(
            post(
                vertx,
                sidecar,
                "/v1/traces",
                "application/json; charset=utf-8",
                traces.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(200);
    assertThat(post(vertx, sidecar, "/v1/metrics", PROTOBUF, new byte[] {0x0a, (byte) 0xff}))
        .isEqualTo(400);
    assertThat(post(vertx, sidecar, "/v1/traces", PROTOBUF, protobufTraces)).isEqualTo(200);

    await().atMost(Duration.ofSeconds(10)).until(() -> upstream.requests().size() >= 3);
    List<ReceivedRequest> received = upstream.requests();
    assertThat(received).hasSize(3);
    assertThat(received.get(0).path()).isEqualTo("/v1/metrics");
    assertThat(received.get(0).header("Content-Type")).isEqualTo(PROTOBUF);
    assertThat(received.get(0).header("Content-Encoding")).isEqualTo("gzip");
    assertThat(received.get(0).body()).isEqualTo(metrics);
    assertThat(received.get(1).path()).isEqualTo("/v1/traces");
    assertThat(received.get(1).header("Content-Type")).isEqualTo("application/json; charset=utf-8");
    assertThat(received.get(1).header("Content-Encoding")).isNull();
    assertThat(new String(received.get(1).body(), StandardCharsets.UTF_8)).isEqualTo(traces);
    assertThat(received.get(2).body()).isEqualTo(protobufTraces);
    assertThat(received).allSatisfy(r -> assertThat(r.header("X-Scope-OrgID")).isEqualTo("team-a"));
    await().atMost(Duration.ofSeconds(10)).until(() -> sidecar.forwarding().get().forwarded() == 3);
    assertThat(Http.await(Http.get(vertx, sidecar.apiPort(), "/metrics")).body().toString())
        .contains("poolpilot_upstream_forwarded_payloads_total 3\n")
        .contains("poolpilot_upstream_dropped_payloads_total 0\n")
        .contains("poolpilot_upstream_failed_payloads_total 0\n");
  }

  @Test
  void forwardsLogsUnchangedToTheUpstreamsLogsPath(Vertx vertx) throws IOException {
    Sidecar sidecar = start(vertx, upstream, Upstream.DEFAULT_BUFFER_BYTES);
    byte[] protobuf = gzip(Logs.export("orders", "order 42 placed").toByteArray());
    String json =
        "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{"
            + "\"traceId\":\"5b8efff798038103d269b633813fc60c\",\"spanId\":\"eee19b7ec3c1b174\","
            + "\"severityNumber\":9,\"body\":{\"stringValue\":\"order 43 placed\"}}]}]}]}";

    assertThat(
            Http.await(
                    Http.send(
                        vertx,
                        HttpMethod.POST,
                        sidecar.otlpPort(),
                        "/v1/logs",
                        Http.headers("Content-Type", PROTOBUF, "Content-Encoding", "gzip"),
                        Buffer.buffer(protobuf)))
                .status())
        .isEqualTo(200);
    assertThat(
            post(
                vertx,
                sidecar,
                "/v1/logs",
                "application/json",
                json.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(200);

    await().atMost(Duration.ofSeconds(10)).until(() -> sidecar.forwarding().get().forwarded() == 2);
    List<ReceivedRequest> received = upstream.requests("/v1/logs");
    assertThat(received).hasSize(2);
    assertThat(received.get(0).header("Content-Encoding")).isEqualTo("gzip");
    assertThat(received.get(0).body()).isEqualTo(protobuf);
    assertThat(received.get(1).header("Content-Type")).isEqualTo("application/json");
    assertThat(new String(received.get(1).body(), StandardCharsets.UTF_8)).isEqualTo(json);
  }

  @Test
  void ingestAndControlAnswerPromptlyWhileTheUpstreamNeverAnswers(Vertx vertx) {
    upstream.hold();
    Sidecar sidecar = start(vertx, upstream, Upstream.DEFAULT_BUFFER_BYTES);
    byte[] export = pool("orders", "i-1", "http-*").threads(4, 16, 2, 2).request().toByteArray();

    for (int i = 0; i < 30; i++) {
      long started = System.nanoTime();
      assertThat(post(vertx, sidecar, "/v1/metrics", PROTOBUF, export)).isEqualTo(200);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(PROMPTLY);
    }
    long started = System.nanoTime();
    Http.Reply poll =
        Http.await(
            Agent.poll(
                vertx,
                sidecar.otlpPort(),
                Agent.message("orders", "i-1", 1, 0, Agent.pool("http-*", 4, 16)),
                TOKEN));

    assertThat(poll.status()).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(PROMPTLY);
    // The forwarder sends on its own, after the answers: wait for the first request to be held.
    await().atMost(Duration.ofSeconds(10)).until(() -> !upstream.requests().isEmpty());
    // One payload is in flight (or back in the buffer, if its request has timed out meanwhile);
    // the last accepted ones may still be on their way into the buffer.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(sidecar.forwarding().get().bufferedPayloads()).isBetween(29, 30));
    assertThat(sidecar.forwarding().get().forwarded()).isZero();
  }

  @Test
  void retriesA503AndA429AndDeliversThePayloadOnce(Vertx vertx) {
    upstream.answerNextExportsWith(503, 429);
    Sidecar sidecar = start(vertx, upstream, Upstream.DEFAULT_BUFFER_BYTES);
    byte[] export = pool("orders", "i-1", "http-*").threads(4, 16, 2, 2).request().toByteArray();

    assertThat(post(vertx, sidecar, "/v1/metrics", PROTOBUF, export)).isEqualTo(200);

    await().atMost(Duration.ofSeconds(10)).until(() -> sidecar.forwarding().get().forwarded() == 1);
    assertThat(upstream.requests())
        .hasSize(3)
        .allSatisfy(r -> assertThat(r.body()).isEqualTo(export));
    assertThat(sidecar.forwarding().get().retries()).isEqualTo(2);
  }

  @Test
  void aPayloadTheUpstreamRefusesForGoodIsCountedAsFailedAndNotRetried(Vertx vertx) {
    upstream.answerNextExportsWith(400);
    Sidecar sidecar = start(vertx, upstream, Upstream.DEFAULT_BUFFER_BYTES);
    byte[] first = pool("orders", "i-1", "a-*").threads(1, 1, 0, 1).request().toByteArray();
    byte[] second = pool("orders", "i-1", "b-*").threads(1, 1, 0, 1).request().toByteArray();

    post(vertx, sidecar, "/v1/metrics", PROTOBUF, first);
    post(vertx, sidecar, "/v1/metrics", PROTOBUF, second);

    await().atMost(Duration.ofSeconds(10)).until(() -> sidecar.forwarding().get().forwarded() == 1);
    assertThat(sidecar.forwarding().get().failed()).isEqualTo(1);
    assertThat(upstream.requests())
        .extracting(ReceivedRequest::body)
        .containsExactly(first, second);
  }

  @Test
  void dropsTheOldestPayloadsWhenTheBufferIsFullAndCountsThem(Vertx vertx) {
    upstream.hold();
    // 64 KiB holds three payloads of about 20 000 bytes, not four.
    Sidecar sidecar = start(vertx, upstream, Upstream.MIN_BUFFER_BYTES);
    byte[][] payloads = new byte[10][];
    for (int i = 0; i < payloads.length; i++) {
      payloads[i] = tracesOfAbout20000Bytes(i);
    }

    post(vertx, sidecar, "/v1/traces", PROTOBUF, payloads[0]);
    await().atMost(Duration.ofSeconds(10)).until(() -> upstream.requests().size() == 1);
    for (int i = 1; i < payloads.length; i++) {
      assertThat(post(vertx, sidecar, "/v1/traces", PROTOBUF, payloads[i])).isEqualTo(200);
    }

    await().atMost(Duration.ofSeconds(10)).until(() -> sidecar.forwarding().get().dropped() == 6);
    assertThat(sidecar.forwarding().get().bufferedPayloads()).isEqualTo(3);
    assertThat(Http.await(Http.get(vertx, sidecar.apiPort(), "/metrics")).body().toString())
        .contains("poolpilot_upstream_dropped_payloads_total 6\n")
        .contains("poolpilot_upstream_buffered_payloads 3\n");

    upstream.release();

    await().atMost(Duration.ofSeconds(10)).until(() -> sidecar.forwarding().get().forwarded() == 4);
    assertThat(upstream.requests())
        .extracting(ReceivedRequest::body)
        .containsExactly(payloads[0], payloads[7], payloads[8], payloads[9]);
  }

  private Sidecar start(Vertx vertx, OtlpReceiver upstream, long bufferBytes) {
    Upstream target =
        new Upstream(
            URI.create(upstream.endpoint()), Map.of("X-Scope-OrgID", "team-a"), bufferBytes);
    SidecarConfig config =
        SidecarConfig.DEFAULTS
            .withPorts(0, 0)
            .withDataDir(dir)
            .withToken(TOKEN)
            .withUpstream(target);
    return Http.await(
        Sidecar.start(vertx, config, new PrintStream(OutputStream.nullOutputStream())));
  }

  private static int post(Vertx vertx, Sidecar sidecar, String path, String type, byte[] body) {
    return Http.await(Http.post(vertx, sidecar.otlpPort(), path, type, Buffer.buffer(body)))
        .status();
  }

  /** A trace export of about 20 000 bytes, told apart by {@code n}. */
  private static byte[] tracesOfAbout20000Bytes(int n) {
    String name = ("payload-" + n + "-").repeat(2000).substring(0, 19_900);
    byte[] bytes =
        Spans.export(Map.of("service.name", "orders"), n + 1, name, Map.of()).toByteArray();
    assertThat(bytes.length).isBetween(19_900, 20_100);
    return bytes;
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    }
    return out.toByteArray();
  }
}
