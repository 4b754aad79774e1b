package io.poolpilot.sidecar.ingest;

import io.poolpilot.sidecar.AgentListenerVerticle;
import io.poolpilot.sidecar.auth.AgentSessions;
import io.poolpilot.sidecar.auth.BearerToken;
import io.poolpilot.sidecar.auth.TelemetrySenders;
import io.poolpilot.sidecar.forward.OtlpPayload;
import io.poolpilot.sidecar.model.LiveModel;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.function.Consumer;

/**
 * The agent-facing listener with only the OTLP ingest on it, on a free loopback port: what the
 * ingest tests post to, without the rest of a sidecar (control, decision loop, forwarder).
 */
final class IngestListener {
  /** The token the listener's senders check; agents' requests in these tests carry it. */
  static final String TOKEN = "t0ken";

  private IngestListener() {}

  /** Deploys the listener; completes with the port it listens on. */
  static Future<Integer> deploy(Vertx vertx, LiveModel live, Consumer<OtlpPayload> forward) {
    OtlpIngest ingest =
        new OtlpIngest(
            live, new TelemetrySenders(new BearerToken(TOKEN), new AgentSessions()), forward);
    AgentListenerVerticle listener =
        new AgentListenerVerticle("127.0.0.1", 0, List.of(ingest::mount), ingest::mountFallbacks);
    return vertx.deployVerticle(listener).map(id -> listener.actualPort());
  }
}
