package io.poolpilot.benchmarks.sidecar;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.poolpilot.protocol.TelemetryNames;
import io.poolpilot.protocol.control.ControlProtocol;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One agent as the sidecar sees it: a JVM with its own {@code service.instance.id} and session,
 * whose pools' counters and histograms advance from export to export, and which polls for its
 * desired state and applies it, as {@code docs/protocol.md}'s rules say.
 *
 * <p>Bodies are built fresh for every send, with the current time, because the sidecar treats a
 * point no newer than the last as a repeat and would skip the work a real export costs it.
 */
final class ReplayedAgent {
  static final String AGENT_VERSION = "0.1.0-SNAPSHOT";

  private final String service;
  private final String instanceId = UUID.randomUUID().toString();
  private final String session = UUID.randomUUID().toString() + UUID.randomUUID();
  private final Resource resource;
  private final List<ReplayedPool> pools = new ArrayList<>();
  private final InstrumentationScope scope =
      InstrumentationScope.newBuilder()
          .setName(TelemetryNames.SCOPE)
          .setVersion(AGENT_VERSION)
          .build();
  private final SpanBatch spans;
  private final long startNanos;
  private long sequence;
  private long appliedVersion;
  private String appliedHash = "";
  private final Map<String, int[]> lastApplied = new LinkedHashMap<>();

  ReplayedAgent(String service, int pools, long startEpochNanos, long seed) {
    this.service = service;
    this.startNanos = startEpochNanos;
    this.resource = AgentResourceShape.of(service, instanceId, seed);
    for (int k = 0; k < pools; k++) {
      this.pools.add(new ReplayedPool("pool-" + k + "-*", 2 + k % 4, 16, seed * 31 + k));
    }
    this.spans = new SpanBatch(service, seed);
  }

  String instanceId() {
    return instanceId;
  }

  /** The headers every export and poll carries: the token and this JVM's session. */
  Map<String, String> headers(String token) {
    return Map.of("Authorization", "Bearer " + token, ControlProtocol.SESSION_HEADER, session);
  }

  /** One metrics export: every pool's {@code jvm.executor.*} metrics and the runtime ones. */
  byte[] metricsExport(long nowEpochNanos, double elapsedSeconds) {
    for (ReplayedPool pool : pools) {
      pool.advance(elapsedSeconds);
    }
    ScopeMetrics.Builder metrics = ScopeMetrics.newBuilder().setScope(scope);
    PoolMetrics.addTo(metrics, pools, startNanos, nowEpochNanos);
    PoolMetrics.addRuntimeTo(metrics, startNanos, nowEpochNanos, elapsedSeconds);
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(
            ResourceMetrics.newBuilder().setResource(resource).addScopeMetrics(metrics))
        .build()
        .toByteArray();
  }

  /** One traces export: a few server spans, each naming the pool its request ran on. */
  byte[] tracesExport(long nowEpochNanos, int count) {
    ScopeSpans.Builder scopeSpans = ScopeSpans.newBuilder().setScope(scope);
    spans.addTo(scopeSpans, pools, nowEpochNanos, count);
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder().setResource(resource).addScopeSpans(scopeSpans))
        .build()
        .toByteArray();
  }

  /** The next control message: every pool with its sizes, and what applying the last state did. */
  byte[] controlReport() {
    JsonArray reported = new JsonArray();
    JsonArray results = new JsonArray();
    for (ReplayedPool pool : pools) {
      reported.add(
          new JsonObject()
              .put(ControlProtocol.NAME, pool.name())
              .put(ControlProtocol.CORE, pool.core())
              .put(ControlProtocol.MAX, pool.max())
              .put(ControlProtocol.ORIGINAL_CORE, pool.originalCore())
              .put(ControlProtocol.ORIGINAL_MAX, pool.originalMax())
              .put(ControlProtocol.RESIZABLE, true)
              .putNull(ControlProtocol.REFUSAL));
    }
    lastApplied.forEach(
        (name, sizes) ->
            results.add(
                new JsonObject()
                    .put(ControlProtocol.POOL, name)
                    .put(ControlProtocol.APPLIED, true)
                    .put(ControlProtocol.CORE, sizes[0])
                    .put(ControlProtocol.MAX, sizes[1])
                    .put(ControlProtocol.REASON, "")));
    JsonObject report =
        new JsonObject()
            .put(ControlProtocol.PROTOCOL, ControlProtocol.VERSION)
            .put(
                ControlProtocol.INSTANCE,
                new JsonObject()
                    .put(ControlProtocol.SERVICE_NAME, service)
                    .put(ControlProtocol.INSTANCE_ID, instanceId)
                    .put(ControlProtocol.AGENT_VERSION, AGENT_VERSION)
                    .put(ControlProtocol.MODE, "tune"))
            .put(ControlProtocol.SEQUENCE, ++sequence)
            .put(ControlProtocol.APPLIED_VERSION, appliedVersion)
            .put(ControlProtocol.APPLIED_HASH, appliedHash)
            .put(ControlProtocol.POOLS, reported)
            .put(ControlProtocol.RESULTS, results);
    return report.toBuffer().getBytes();
  }

  /**
   * Applies a desired state the way the agent does: only a newer version, the whole state (a pool
   * not listed goes back to its application's sizes).
   */
  void apply(JsonObject desiredState) {
    long version = desiredState.getLong(ControlProtocol.VERSION_KEY, 0L);
    if (version <= appliedVersion) {
      return;
    }
    Map<String, int[]> wanted = new LinkedHashMap<>();
    JsonArray desired = desiredState.getJsonArray(ControlProtocol.DESIRED, new JsonArray());
    for (int k = 0; k < desired.size(); k++) {
      JsonObject entry = desired.getJsonObject(k);
      wanted.put(
          entry.getString(ControlProtocol.POOL),
          new int[] {
            entry.getInteger(ControlProtocol.CORE), entry.getInteger(ControlProtocol.MAX)
          });
    }
    lastApplied.clear();
    for (ReplayedPool pool : pools) {
      int[] sizes = wanted.get(pool.name());
      if (sizes == null) {
        pool.resize(pool.originalCore(), pool.originalMax());
      } else {
        pool.resize(sizes[0], sizes[1]);
        lastApplied.put(pool.name(), sizes);
      }
    }
    appliedVersion = version;
    appliedHash = desiredState.getString(ControlProtocol.HASH, "");
  }
}
