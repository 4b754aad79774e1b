package io.poolpilot.sidecar.testing;

import static io.poolpilot.protocol.control.ControlProtocol.*;

import io.poolpilot.protocol.control.AgentIdentity;
import io.poolpilot.protocol.control.AgentReport;
import io.poolpilot.protocol.control.ApplyResult;
import io.poolpilot.protocol.control.ControlProtocol;
import io.poolpilot.protocol.control.ReportedPool;
import io.poolpilot.sidecar.testing.Http.Reply;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;

/**
 * Plays a PoolPilot agent against a real sidecar: writes its reports as JSON, with the protocol
 * module's keys, and sends them. {@code AgentMessagesTest} holds the JSON to the golden examples,
 * so this writer cannot drift from what the agent sends.
 */
public final class Agent {

  public static final String CONTROL = ControlProtocol.PATH;

  /** The session every test agent proves itself with; instances bind to it on first contact. */
  public static final String SESSION = "test-agent-session-0123456789abcdef";

  private Agent() {}

  /** A report of {@code pools} from {@code service}/{@code instance}; no results. */
  public static JsonObject message(
      String service, String instance, long sequence, long appliedVersion, ReportedPool... pools) {
    return json(
        new AgentReport(
            new AgentIdentity(service, instance, "0.1.0", "tune"),
            sequence,
            appliedVersion,
            "",
            List.of(pools),
            List.of()));
  }

  /** A resizable pool of {@code core}/{@code max} whose application gave it core 2, max 16. */
  public static ReportedPool pool(String name, int core, int max) {
    return new ReportedPool(name, core, max, 2, 16, true, Optional.empty());
  }

  /** {@code report} as the agent writes it. */
  public static JsonObject json(AgentReport report) {
    JsonArray pools = new JsonArray();
    for (ReportedPool pool : report.pools()) {
      pools.add(
          new JsonObject()
              .put(NAME, pool.name())
              .put(CORE, pool.core())
              .put(MAX, pool.max())
              .put(ORIGINAL_CORE, pool.originalCore())
              .put(ORIGINAL_MAX, pool.originalMax())
              .put(RESIZABLE, pool.resizable())
              .put(REFUSAL, pool.refusal().orElse(null)));
    }
    JsonArray results = new JsonArray();
    for (ApplyResult result : report.results()) {
      results.add(
          new JsonObject()
              .put(POOL, result.pool())
              .put(APPLIED, result.applied())
              .put(CORE, result.core())
              .put(MAX, result.max())
              .put(REASON, result.reason()));
    }
    AgentIdentity instance = report.instance();
    return new JsonObject()
        .put(PROTOCOL, ControlProtocol.VERSION)
        .put(
            INSTANCE,
            new JsonObject()
                .put(SERVICE_NAME, instance.serviceName())
                .put(INSTANCE_ID, instance.instanceId())
                .put(AGENT_VERSION, instance.agentVersion())
                .put(MODE, instance.mode()))
        .put(SEQUENCE, report.sequence())
        .put(APPLIED_VERSION, report.appliedVersion())
        .put(APPLIED_HASH, report.appliedHash())
        .put(POOLS, pools)
        .put(RESULTS, results);
  }

  public static Future<Reply> poll(Vertx vertx, int port, JsonObject message, String token) {
    return send(vertx, port, message.toBuffer(), token);
  }

  /** Sends a control message as the agent does: its token (when not null) and its session. */
  public static Future<Reply> send(Vertx vertx, int port, Buffer body, String token) {
    return Http.send(
        vertx, HttpMethod.POST, port, CONTROL, headers(ControlProtocol.CONTENT_TYPE, token), body);
  }

  /** Posts an OTLP export as the agent does: with its token and its session. */
  public static Future<Reply> export(
      Vertx vertx, int port, String path, String contentType, Buffer body, String token) {
    return Http.send(vertx, HttpMethod.POST, port, path, headers(contentType, token), body);
  }

  private static MultiMap headers(String contentType, String token) {
    MultiMap headers = Http.headers("Content-Type", contentType);
    if (token != null) {
      headers.add("Authorization", "Bearer " + token);
    }
    return headers.add(ControlProtocol.SESSION_HEADER, SESSION);
  }
}
