package io.poolpilot.sidecar.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the model knows about one process: when the sidecar last heard from it (telemetry or
 * control), the telemetry distribution its resource names ({@code telemetry.distro.name}: {@code
 * poolpilot} for PoolPilot's agent, another name or none for other OTLP senders) and, for a process
 * with a PoolPilot agent, its latest accepted control message.
 */
public record InstanceSnapshot(
    InstanceKey key, Instant lastSeen, Optional<AgentReport> agent, Optional<String> distro) {

  public InstanceSnapshot {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(lastSeen, "lastSeen");
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(distro, "distro");
  }

  /** Whether a PoolPilot agent polls for this process; other OTLP senders are only observed. */
  public boolean controlled() {
    return agent.isPresent();
  }
}
