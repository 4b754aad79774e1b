package io.poolpilot.sidecar.ingest;

import static io.poolpilot.sidecar.testing.Http.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.poolpilot.protocol.control.ControlProtocol;
import io.poolpilot.sidecar.Sidecar;
import io.poolpilot.sidecar.model.InstanceKey;
import io.poolpilot.sidecar.model.PoolSnapshot;
import io.poolpilot.sidecar.testing.Agent;
import io.poolpilot.sidecar.testing.Http;
import io.poolpilot.sidecar.testing.Http.Reply;
import io.poolpilot.sidecar.testing.PoolExport;
import io.poolpilot.sidecar.testing.QuietSidecar;
import io.poolpilot.sidecar.testing.Spans;
import io.poolpilot.testsupport.MutableClock;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack of the security issue, in-process: a sender posts OTLP in the name of a real agent's
 * instance (its id is public through {@code /api/services}), with timestamps an hour ahead. None of
 * it reaches the model the agent's pools are tuned from, with or without the token.
 */
@ExtendWith(VertxExtension.class)
class ForgedTelemetryTest {

  private static final String TOKEN = "t0ken-for-the-agents-on-this-host";
  private static final String PROTOBUF = "application/x-protobuf";
  private static final Instant NOW = Instant.parse("2026-12-07T00:00:00Z");
  private static final long NOW_NANOS = NOW.toEpochMilli() * 1_000_000L;
  private static final long SECOND = 1_000_000_000L;
  private static final InstanceKey REAL = new InstanceKey("orders", "i-1");

  @TempDir Path dir;
  private Vertx vertx;
  private Sidecar sidecar;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    sidecar = QuietSidecar.start(vertx, dir, TOKEN, new MutableClock(NOW));
    Reply agent =
        await(
            Agent.export(
                vertx, sidecar.otlpPort(), "/v1/metrics", PROTOBUF, export(NOW_NANOS, 7), TOKEN));
    assertThat(agent.status()).isEqualTo(200);
    assertThat(agent.body().length()).as("no partial success for the agent").isZero();
    await(
        Agent.poll(
            vertx,
            sidecar.otlpPort(),
            Agent.message("orders", "i-1", 1, 0, Agent.pool("http-*", 7, 7)),
            TOKEN));
  }

  @AfterEach
  void stop() {
    await(sidecar.close());
  }

  @Test
  void forgedMetricsWithoutTheTokenAreRefusedAndForwardedButChangeNothing() throws Exception {
    Reply forged =
        await(
            Http.post(
                vertx,
                sidecar.otlpPort(),
                "/v1/metrics",
                PROTOBUF,
                export(NOW_NANOS + 3600 * SECOND, 1)));

    assertThat(forged.status()).as("accepted, as OTLP wants").isEqualTo(200);
    ExportMetricsServiceResponse answer =
        ExportMetricsServiceResponse.parseFrom(forged.body().getBytes());
    assertThat(answer.getPartialSuccess().getRejectedDataPoints()).isPositive();
    assertThat(answer.getPartialSuccess().getErrorMessage())
        .isEqualTo(
            "orders/i-1 belongs to its PoolPilot agent: data without its session is not recorded");
    assertThatTheRealPoolIsUntouched();
  }

  @Test
  void anotherTokenHolderCannotSpeakForTheInstanceEither() throws Exception {
    Reply forged =
        await(
            Http.send(
                vertx,
                HttpMethod.POST,
                sidecar.otlpPort(),
                "/v1/metrics",
                Http.headers(
                    "Content-Type",
                    PROTOBUF,
                    "Authorization",
                    "Bearer " + TOKEN,
                    ControlProtocol.SESSION_HEADER,
                    "a-different-agents-session-on-this-node"),
                export(NOW_NANOS + 3600 * SECOND, 1)));

    assertThat(
            ExportMetricsServiceResponse.parseFrom(forged.body().getBytes())
                .getPartialSuccess()
                .getErrorMessage())
        .isEqualTo("orders/i-1 belongs to another agent's session");
    assertThatTheRealPoolIsUntouched();
  }

  @Test
  void forgedSpansCannotMakeAPoolLookLikeItServesRequests() throws Exception {
    byte[] spans =
        Spans.export(
                Map.of("service.name", "orders", "service.instance.id", "i-1"),
                7,
                "GET /orders",
                Map.of("jvm.executor.name", "batch-*", "http.route", "/orders"))
            .toByteArray();
    Reply forged =
        await(Http.post(vertx, sidecar.otlpPort(), "/v1/traces", PROTOBUF, Buffer.buffer(spans)));
    byte[] unbound =
        Spans.export(
                Map.of("service.name", "orders", "service.instance.id", "someone-else"),
                8,
                "GET /orders",
                Map.of("jvm.executor.name", "batch-*", "http.route", "/orders"))
            .toByteArray();
    Reply shown =
        await(Http.post(vertx, sidecar.otlpPort(), "/v1/traces", PROTOBUF, Buffer.buffer(unbound)));

    assertThat(
            ExportTraceServiceResponse.parseFrom(forged.body().getBytes())
                .getPartialSuccess()
                .getRejectedSpans())
        .isEqualTo(1);
    assertThat(shown.body().length()).as("an unverified sender's own spans are shown").isZero();
    assertThat(sidecar.live().traces().stats().spans()).isEqualTo(1);
    assertThat(sidecar.live().routes().requestPools("orders"))
        .as("only an agent's spans say which pools serve requests")
        .isEmpty();
  }

  private void assertThatTheRealPoolIsUntouched() {
    PoolSnapshot pool = sidecar.model().snapshots().get(0);
    assertThat(sidecar.model().snapshots()).hasSize(1);
    assertThat(pool.core()).hasValue(7);
    assertThat(pool.observedAtUnixNano()).isEqualTo(NOW_NANOS);
    assertThat(sidecar.model().readings(REAL).get("http-*").timeUnixNano()).isEqualTo(NOW_NANOS);
  }

  private static Buffer export(long time, int threads) {
    return Buffer.buffer(
        PoolExport.pool("orders", "i-1", "http-*")
            .at(time)
            .threads(threads, threads, threads, 0)
            .queue(3, 100, 0.1)
            .tasks(100, 0)
            .request()
            .toByteArray());
  }
}
