package io.poolpilot.sidecar.api;

import io.poolpilot.protocol.control.ApplyResult;
import io.poolpilot.protocol.control.PoolSizes;
import io.poolpilot.protocol.control.ReportedPool;
import io.poolpilot.sidecar.model.PoolKey;
import io.poolpilot.sidecar.model.PoolSnapshot;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Everything the API shows about one pool of one process, joined from telemetry and control: a pool
 * may be known from either alone (an OTLP sender without the PoolPilot agent, or an agent whose
 * first export has not arrived yet).
 *
 * @param telemetry the pool's latest OTLP readings
 * @param reported the pool as the agent's latest control message describes it
 * @param lastResult what applying {@code appliedVersion} did to the pool
 * @param appliedVersion the desired-state version the agent last applied, 0 before the first
 * @param pin the sizes the pool's service pins it to
 * @param desired the sizes the sidecar wants the pool to have; empty means its application's own
 */
public record PoolView(
    PoolKey key,
    boolean controlled,
    Optional<PoolSnapshot> telemetry,
    Optional<ReportedPool> reported,
    Optional<ApplyResult> lastResult,
    long appliedVersion,
    Optional<PoolSizes> pin,
    Optional<PoolSizes> desired) {

  public PoolView {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(telemetry, "telemetry");
    Objects.requireNonNull(reported, "reported");
    Objects.requireNonNull(lastResult, "lastResult");
    Objects.requireNonNull(pin, "pin");
    Objects.requireNonNull(desired, "desired");
  }

  /** The core size now: from the latest export, else from the latest control message. */
  public OptionalLong core() {
    OptionalLong exported = telemetry.map(PoolSnapshot::core).orElse(OptionalLong.empty());
    return exported.isPresent()
        ? exported
        : reported.map(pool -> OptionalLong.of(pool.core())).orElse(OptionalLong.empty());
  }

  /** The maximum size now: from the latest export, else from the latest control message. */
  public OptionalLong max() {
    OptionalLong exported = telemetry.map(PoolSnapshot::max).orElse(OptionalLong.empty());
    return exported.isPresent()
        ? exported
        : reported.map(pool -> OptionalLong.of(pool.max())).orElse(OptionalLong.empty());
  }
}
