package io.poolpilot.sidecar.api;

import io.poolpilot.protocol.control.AgentReport;
import io.poolpilot.sidecar.model.InstanceKey;
import io.poolpilot.sidecar.model.InstanceSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One process as the API shows it: what the telemetry model knows of it, and the latest control
 * report of its PoolPilot agent, if one polls. Only a polling agent makes a process controlled;
 * other OTLP senders are only observed.
 */
record InstanceView(InstanceSnapshot telemetry, Optional<AgentReport> agent) {

  InstanceView {
    Objects.requireNonNull(telemetry, "telemetry");
    Objects.requireNonNull(agent, "agent");
  }

  /** Every process the model knows, each with its agent's report where one polls. */
  static List<InstanceView> join(
      List<InstanceSnapshot> instances, Map<InstanceKey, AgentReport> agents) {
    List<InstanceView> views = new ArrayList<>(instances.size());
    instances.forEach(
        instance ->
            views.add(new InstanceView(instance, Optional.ofNullable(agents.get(instance.key())))));
    return List.copyOf(views);
  }

  InstanceKey key() {
    return telemetry.key();
  }

  Instant lastSeen() {
    return telemetry.lastSeen();
  }

  Optional<String> distro() {
    return telemetry.distro();
  }

  boolean controlled() {
    return agent.isPresent();
  }
}
