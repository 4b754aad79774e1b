package io.poolpilot.sidecar.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the model knows about one process: when the sidecar last heard from it (telemetry or
 * control) and the telemetry distribution its resource names ({@code telemetry.distro.name}: {@code
 * poolpilot} for PoolPilot's agent, another name or none for other OTLP senders).
 */
public record InstanceSnapshot(InstanceKey key, Instant lastSeen, Optional<String> distro) {

  public InstanceSnapshot {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(lastSeen, "lastSeen");
    Objects.requireNonNull(distro, "distro");
  }
}
