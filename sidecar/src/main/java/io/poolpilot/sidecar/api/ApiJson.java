package io.poolpilot.sidecar.api;

import io.poolpilot.protocol.control.AgentReport;
import io.poolpilot.protocol.control.PoolSizes;
import io.poolpilot.sidecar.control.IssuedState;
import io.poolpilot.sidecar.journal.JournalCodec;
import io.poolpilot.sidecar.journal.JournalEntry;
import io.poolpilot.sidecar.model.InstanceKey;
import io.poolpilot.sidecar.model.PoolHistory;
import io.poolpilot.sidecar.model.PoolModel;
import io.poolpilot.sidecar.model.PoolSample;
import io.poolpilot.sidecar.model.PoolSnapshot;
import io.poolpilot.sidecar.model.RouteStats;
import io.poolpilot.tuning.TunerConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The API's JSON. Durations are milliseconds (the names end in {@code Ms}) and a value nobody has
 * reported is {@code null} rather than a made-up 0.
 */
final class ApiJson {

  private ApiJson() {}

  /**
   * @param servesRequests whether server spans ran on the pool
   * @param lastDecision the latest journal entry about the pool
   */
  static JsonObject pool(
      PoolView pool, boolean servesRequests, Optional<JournalEntry> lastDecision) {
    Optional<PoolSnapshot> telemetry = pool.telemetry();
    JsonObject json =
        new JsonObject()
            .put("service", pool.key().service())
            .put("instance", pool.key().instance())
            .put("name", pool.key().pool())
            .put("core", orNull(pool.core()))
            .put("max", orNull(pool.max()))
            .put("active", reading(telemetry, PoolSnapshot::active))
            .put("idle", reading(telemetry, PoolSnapshot::idle))
            .put("queued", reading(telemetry, PoolSnapshot::queued))
            .put("queueCapacity", reading(telemetry, PoolSnapshot::queueCapacity))
            .put("oldestAgeMs", millis(telemetry, PoolSnapshot::oldestAgeSeconds))
            .put("completed", reading(telemetry, PoolSnapshot::completed))
            .put("rejected", reading(telemetry, PoolSnapshot::rejected))
            .put("queueWaitSamples", telemetry.map(t -> t.queueWait().samples()).orElse(0L))
            .put("queueWaitP50Ms", millis(telemetry, t -> t.queueWait().p50Seconds()))
            .put("queueWaitP99Ms", millis(telemetry, t -> t.queueWait().p99Seconds()))
            .put("arrivalRate", decimal(telemetry, PoolSnapshot::completedRate))
            .put("rejectedRate", decimal(telemetry, PoolSnapshot::rejectedRate))
            .put("utilization", decimal(telemetry, PoolSnapshot::utilization))
            .put("servesRequests", servesRequests)
            .put(
                "observedAt",
                telemetry
                    .map(t -> Instant.ofEpochSecond(0, t.observedAtUnixNano()).toString())
                    .orElse(null))
            .put("controlled", pool.controlled())
            .put("pinned", pool.pin().isPresent())
            .put("pin", sizes(pool.pin()))
            .put("desired", sizes(pool.desired()));
    pool.reported()
        .ifPresentOrElse(
            reported ->
                json.put("originalCore", reported.originalCore())
                    .put("originalMax", reported.originalMax())
                    .put("resizable", reported.resizable())
                    .put("refusal", reported.refusal().orElse(null)),
            () ->
                json.putNull("originalCore")
                    .putNull("originalMax")
                    .putNull("resizable")
                    .putNull("refusal"));
    json.put("appliedVersion", pool.controlled() ? pool.appliedVersion() : null);
    json.put(
        "lastResult",
        pool.lastResult()
            .map(
                result ->
                    new JsonObject()
                        .put("applied", result.applied())
                        .put("core", result.core())
                        .put("max", result.max())
                        .put("reason", result.reason()))
            .orElse(null));
    json.put("lastDecision", lastDecision.map(JournalCodec::toJson).orElse(null));
    return json;
  }

  /**
   * One pool's history in every instance that reports it, samples oldest first; {@code exports}
   * tells a sample of one export from an aggregate of older history.
   */
  static JsonObject history(String service, String pool, List<PoolHistory> histories) {
    JsonArray instances = new JsonArray();
    for (PoolHistory history : histories) {
      JsonArray samples = new JsonArray();
      for (PoolSample sample : history.samples()) {
        samples.add(
            new JsonObject()
                .put("timestamp", sample.at().toString())
                .put("core", wholeOrNull(sample.core()))
                .put("max", wholeOrNull(sample.max()))
                .put("active", levelOrNull(sample, sample.active()))
                .put("queued", levelOrNull(sample, sample.queued()))
                .put("queueWaitP50Ms", millisOrNull(sample.queueWaitP50Seconds()))
                .put("queueWaitP99Ms", millisOrNull(sample.queueWaitP99Seconds()))
                .put("completedRate", orNull(sample.completedRate()))
                .put("rejectedRate", orNull(sample.rejectedRate()))
                .put("utilization", orNull(sample.utilization()))
                .put("cpuUtilization", orNull(sample.cpuUtilization()))
                .put("exports", sample.exports()));
      }
      instances.add(
          new JsonObject().put("instance", history.key().instance()).put("samples", samples));
    }
    return new JsonObject()
        .put("service", service)
        .put("pool", pool)
        .put("windowSeconds", PoolModel.HISTORY_WINDOW.toSeconds())
        .put("bucketSeconds", PoolModel.HISTORY_BUCKET.toSeconds())
        .put("queueWaitObjectiveMs", TunerConfig.DEFAULT_QUEUE_WAIT_OBJECTIVE.toNanos() / 1e6)
        .put("instances", instances);
  }

  /** Services from telemetry, control and pins, each with its instances and pins. */
  static JsonObject services(
      List<InstanceView> instances,
      Map<String, Map<String, PoolSizes>> pins,
      Function<InstanceKey, Optional<IssuedState>> lastIssued,
      Map<InstanceKey, Integer> poolCounts,
      List<RouteStats> routes) {
    Map<String, JsonArray> byService = new TreeMap<>();
    pins.keySet().forEach(service -> byService.put(service, new JsonArray()));
    Map<String, JsonArray> routesByService = new TreeMap<>();
    for (RouteStats route : routes) {
      byService.computeIfAbsent(route.key().service(), s -> new JsonArray());
      routesByService
          .computeIfAbsent(route.key().service(), s -> new JsonArray())
          .add(TraceJson.route(route));
    }
    for (InstanceView instance : instances) {
      byService
          .computeIfAbsent(instance.key().service(), s -> new JsonArray())
          .add(instance(instance, lastIssued.apply(instance.key()), poolCounts));
    }
    JsonArray services = new JsonArray();
    byService.forEach(
        (service, serviceInstances) -> {
          JsonArray servicePins = new JsonArray();
          new TreeMap<>(pins.getOrDefault(service, Map.of()))
              .forEach(
                  (pool, sizes) ->
                      servicePins.add(
                          new JsonObject()
                              .put("pool", pool)
                              .put("core", sizes.core())
                              .put("max", sizes.max())));
          services.add(
              new JsonObject()
                  .put("name", service)
                  .put("instances", serviceInstances)
                  .put("pins", servicePins)
                  .put("routes", routesByService.getOrDefault(service, new JsonArray())));
        });
    return new JsonObject().put("services", services);
  }

  private static JsonObject instance(
      InstanceView instance, Optional<IssuedState> issued, Map<InstanceKey, Integer> poolCounts) {
    JsonObject json =
        new JsonObject()
            .put("instance", instance.key().instance())
            .put("controlled", instance.controlled())
            .put("distro", instance.distro().orElse(null))
            .put("lastSeen", instance.lastSeen().toString())
            .put("pools", poolCounts.getOrDefault(instance.key(), 0));
    Optional<AgentReport> agent = instance.agent();
    json.put("agentVersion", agent.map(a -> a.instance().agentVersion()).orElse(null))
        .put("mode", agent.map(a -> a.instance().mode()).orElse(null))
        .put("sequence", agent.map(AgentReport::sequence).orElse(null))
        .put("appliedVersion", agent.map(AgentReport::appliedVersion).orElse(null))
        .put("appliedHash", agent.map(AgentReport::appliedHash).orElse(null))
        .put("desiredVersion", issued.map(IssuedState::version).orElse(null))
        .put("desiredHash", issued.map(IssuedState::hash).orElse(null))
        .put(
            "inSync",
            agent.isPresent() && issued.isPresent()
                ? agent.get().appliedVersion() == issued.get().version()
                : null);
    return json;
  }

  private static JsonObject sizes(Optional<PoolSizes> sizes) {
    return sizes.map(s -> new JsonObject().put("core", s.core()).put("max", s.max())).orElse(null);
  }

  private static Long reading(
      Optional<PoolSnapshot> telemetry, Function<PoolSnapshot, OptionalLong> value) {
    return telemetry.map(value).map(ApiJson::orNull).orElse(null);
  }

  private static Double millis(
      Optional<PoolSnapshot> telemetry, Function<PoolSnapshot, OptionalDouble> seconds) {
    return telemetry
        .map(seconds)
        .filter(OptionalDouble::isPresent)
        .map(s -> s.getAsDouble() * 1000)
        .orElse(null);
  }

  private static Double decimal(
      Optional<PoolSnapshot> telemetry, Function<PoolSnapshot, OptionalDouble> value) {
    return telemetry
        .map(value)
        .filter(OptionalDouble::isPresent)
        .map(OptionalDouble::getAsDouble)
        .orElse(null);
  }

  private static Long wholeOrNull(double value) {
    return Double.isNaN(value) ? null : Math.round(value);
  }

  /**
   * A count as a whole number for one export; an aggregate's mean as it is, since rounding a mean
   * queue of 0.4 to 0 would hide that tasks queued at all.
   */
  private static Number levelOrNull(PoolSample sample, double value) {
    if (sample.exports() == 1) {
      return wholeOrNull(value);
    }
    return orNull(value);
  }

  private static Double millisOrNull(double seconds) {
    return Double.isNaN(seconds) ? null : seconds * 1000;
  }

  private static Double orNull(double value) {
    return Double.isNaN(value) ? null : value;
  }

  static Double orNull(OptionalDouble value) {
    return value.isPresent() ? value.getAsDouble() : null;
  }

  private static Long orNull(OptionalLong value) {
    return value.isPresent() ? value.getAsLong() : null;
  }
}
