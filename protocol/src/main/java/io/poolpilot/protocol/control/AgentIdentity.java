package io.poolpilot.protocol.control;

import java.util.Objects;

/**
 * Who sends a report: the same {@code service.name} and {@code service.instance.id} as the agent's
 * telemetry, so that control and telemetry of one JVM meet in the sidecar, plus the agent's version
 * and its {@code mode} ({@code tune} or {@code observe}; empty where an agent did not say).
 */
public record AgentIdentity(
    String serviceName, String instanceId, String agentVersion, String mode) {

  public AgentIdentity {
    Checks.notEmpty("serviceName", serviceName);
    Checks.notEmpty("instanceId", instanceId);
    Objects.requireNonNull(agentVersion, "agentVersion");
    Objects.requireNonNull(mode, "mode");
  }
}
