package io.poolpilot.protocol.control;

/**
 * Who sends a report: the same {@code service.name} and {@code service.instance.id} as the agent's
 * telemetry, so that control and telemetry of one JVM meet in the sidecar, plus the agent's version
 * and its {@code mode} ({@code tune} or {@code observe}; empty where an agent did not say).
 */
public record AgentIdentity(
    String serviceName, String instanceId, String agentVersion, String mode) {

  public AgentIdentity {
    Checks.name("serviceName", serviceName);
    Checks.name("instanceId", instanceId);
    Checks.text("agentVersion", agentVersion);
    Checks.text("mode", mode);
  }
}
