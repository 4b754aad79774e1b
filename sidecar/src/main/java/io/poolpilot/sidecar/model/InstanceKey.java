package io.poolpilot.sidecar.model;

import io.poolpilot.protocol.control.AgentIdentity;
import java.util.Comparator;
import java.util.Objects;

/**
 * Names one running process of a service: {@code service.name} and {@code service.instance.id}
 * (empty when an exporter sent none). Control messages and telemetry of one JVM meet under it.
 */
public record InstanceKey(String service, String instance) implements Comparable<InstanceKey> {

  private static final Comparator<InstanceKey> ORDER =
      Comparator.comparing(InstanceKey::service).thenComparing(InstanceKey::instance);

  public InstanceKey {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(instance, "instance");
  }

  /** The instance a PoolPilot agent's control report names. */
  public static InstanceKey of(AgentIdentity agent) {
    return new InstanceKey(agent.serviceName(), agent.instanceId());
  }

  /** The instance a pool belongs to. */
  public static InstanceKey of(PoolKey pool) {
    return new InstanceKey(pool.service(), pool.instance());
  }

  @Override
  public int compareTo(InstanceKey other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return service + "/" + (instance.isEmpty() ? "-" : instance);
  }
}
