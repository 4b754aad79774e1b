package io.poolpilot.sidecar.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the model knows about one process: when the sidecar last heard from it (telemetry or
 * control) and, for a process with a PoolPilot agent, its latest accepted control message.
 */
public record InstanceSnapshot(InstanceKey key, Instant lastSeen, Optional<AgentReport> agent) {

  public InstanceSnapshot {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(lastSeen, "lastSeen");
    Objects.requireNonNull(agent, "agent");
  }

  /** Whether a PoolPilot agent polls for this process; other OTLP senders are only observed. */
  public boolean controlled() {
    return agent.isPresent();
  }
}
