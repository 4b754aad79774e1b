package io.poolpilot.sidecar.model;

import java.util.Comparator;
import java.util.Objects;

/**
 * Names one thread pool in one running process: the service ({@code service.name}), the process
 * ({@code service.instance.id}, empty when the exporter sent none) and the pool ({@code
 * jvm.executor.name}).
 */
public record PoolKey(String service, String instance, String pool) implements Comparable<PoolKey> {

  private static final Comparator<PoolKey> ORDER =
      Comparator.comparing(PoolKey::service)
          .thenComparing(PoolKey::pool)
          .thenComparing(PoolKey::instance);

  public PoolKey {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(instance, "instance");
    Objects.requireNonNull(pool, "pool");
    if (pool.isEmpty()) {
      throw new IllegalArgumentException("pool name is empty");
    }
  }

  /** Service, then pool, then instance: the instances of one pool sit together in a listing. */
  @Override
  public int compareTo(PoolKey other) {
    return ORDER.compare(this, other);
  }
}
