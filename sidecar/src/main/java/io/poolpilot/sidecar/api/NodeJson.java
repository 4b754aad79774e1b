package io.poolpilot.sidecar.api;

import io.poolpilot.sidecar.node.NodeBudget;
import io.poolpilot.sidecar.node.NodeSample;
import io.poolpilot.sidecar.node.ServiceSpec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/node}: the node budget's declarations, its latest allocation and the last 15
 * minutes of them ({@code docs/api.md}). Processor figures are rounded to thousandths: they come
 * from gauges, and more digits would only be noise.
 */
final class NodeJson {

  private NodeJson() {}

  static JsonObject of(NodeBudget budget) {
    JsonObject declared = new JsonObject();
    for (Map.Entry<String, ServiceSpec> entry : budget.settings().sorted().entrySet()) {
      declared.put(entry.getKey(), spec(entry.getValue()));
    }
    List<NodeSample> history = budget.history();
    JsonArray samples = new JsonArray();
    history.forEach(sample -> samples.add(sample(sample)));
    return new JsonObject()
        .put("declared", declared)
        .put("undeclared", spec(ServiceSpec.DEFAULT))
        .put("latest", history.isEmpty() ? null : sample(history.get(history.size() - 1)))
        .put("history", samples)
        .put("error", budget.lastError().isEmpty() ? null : budget.lastError());
  }

  private static JsonObject spec(ServiceSpec spec) {
    return new JsonObject()
        .put("class", spec.serviceClass().label())
        .put("weight", spec.weight())
        .put("objectiveMs", spec.objective().toMillis());
  }

  private static JsonObject sample(NodeSample sample) {
    JsonArray services = new JsonArray();
    for (NodeSample.Service service : sample.services()) {
      services.add(
          new JsonObject()
              .put("service", service.service())
              .put("class", service.serviceClass())
              .put("weight", service.weight())
              .put("needCores", round(service.needCores()))
              .put("shareCores", round(service.shareCores()))
              .put("usedCores", round(service.usedCores()))
              .put("cap", service.cap().isPresent() ? service.cap().getAsInt() : null)
              .put("cappedFor", new JsonArray(service.cappedFor())));
    }
    return new JsonObject()
        .put("at", sample.at().toString())
        .put("processors", sample.processors())
        .put("machineUsedCores", round(sample.machineUsedCores()))
        .put("availableCores", round(sample.availableCores()))
        .put("reservedCores", round(sample.reservedCores()))
        .put("contended", sample.contended())
        .put("services", services);
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
