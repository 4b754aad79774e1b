package io.poolpilot.sidecar.ingest;

import static io.poolpilot.sidecar.testing.PoolExport.pool;
import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.protocol.control.ControlProtocol;
import io.poolpilot.sidecar.AgentListenerVerticle;
import io.poolpilot.sidecar.auth.AgentSessions;
import io.poolpilot.sidecar.auth.BearerToken;
import io.poolpilot.sidecar.auth.TelemetrySenders;
import io.poolpilot.sidecar.model.InstanceKey;
import io.poolpilot.sidecar.model.LiveModel;
import io.poolpilot.sidecar.model.ModelLimits;
import io.poolpilot.sidecar.model.PoolModel;
import io.poolpilot.sidecar.testing.Http;
import io.poolpilot.sidecar.testing.Http.Reply;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An agent's session owns its instance only once the sidecar took the instance in. */
@ExtendWith(VertxExtension.class)
class AgentAdmissionTest {

  private static final String TOKEN = "t0ken";
  private static final InstanceKey FIRST = new InstanceKey("orders", "i-1");
  private static final InstanceKey SECOND = new InstanceKey("orders", "i-2");

  /** Room for one process with an agent. */
  private final PoolModel model =
      new PoolModel(Clock.systemUTC(), new ModelLimits(64, 1, 1, 256, 120, Duration.ofMinutes(5)));

  private final AgentSessions sessions = new AgentSessions();
  private Vertx vertx;
  private int port;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    OtlpIngest ingest =
        new OtlpIngest(
            LiveModel.of(model), new TelemetrySenders(new BearerToken(TOKEN), sessions), p -> {});
    AgentListenerVerticle listener =
        new AgentListenerVerticle("127.0.0.1", 0, List.of(ingest::mount), ingest::mountFallbacks);
    this.vertx = vertx;
    vertx
        .deployVerticle(listener)
        .onComplete(
            ctx.succeeding(
                id -> {
                  port = listener.actualPort();
                  ctx.completeNow();
                }));
  }

  @Test
  void anAgentTheModelHasNoRoomForOwnsNothing() {
    assertThat(export(FIRST, "a".repeat(32)).status()).isEqualTo(200);

    export(SECOND, "b".repeat(32));

    assertThat(model.instances()).hasSize(1);
    assertThat(sessions.isBound(FIRST)).isTrue();
    assertThat(sessions.isBound(SECOND))
        .as("refused for the bound on processes, so no session of it is kept")
        .isFalse();
    assertThat(sessions.size()).isEqualTo(1);
  }

  private Reply export(InstanceKey instance, String session) {
    byte[] body =
        pool(instance.service(), instance.instance(), "orders-*")
            .threads(4, 16, 4, 0)
            .request()
            .toByteArray();
    return Http.await(
        Http.send(
            vertx,
            HttpMethod.POST,
            port,
            "/v1/metrics",
            Http.headers(
                "Content-Type",
                "application/x-protobuf",
                "Authorization",
                "Bearer " + TOKEN,
                ControlProtocol.SESSION_HEADER,
                session),
            Buffer.buffer(body)));
  }
}
