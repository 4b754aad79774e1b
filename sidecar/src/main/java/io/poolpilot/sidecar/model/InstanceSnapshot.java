package io.poolpilot.sidecar.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the model knows about one process: when the sidecar last heard from it (telemetry or
 * control), the telemetry distribution its resource names ({@code telemetry.distro.name}: {@code
 * poolpilot} for PoolPilot's agent, another name or none for other OTLP senders), and whether its
 * data comes from its agent.
 */
public record InstanceSnapshot(
    InstanceKey key, Instant lastSeen, Optional<String> distro, Sender sender) {

  public InstanceSnapshot {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(lastSeen, "lastSeen");
    Objects.requireNonNull(distro, "distro");
    Objects.requireNonNull(sender, "sender");
  }
}
