package io.poolpilot.protocol.control;

import java.util.Comparator;
import java.util.Objects;

/** One entry of a desired state: the sizes the sidecar wants one pool of an instance to have. */
public record DesiredPool(String pool, PoolSizes sizes) {

  /** The canonical order of a desired list: by pool name. */
  public static final Comparator<DesiredPool> BY_POOL = Comparator.comparing(DesiredPool::pool);

  public DesiredPool {
    Checks.name("pool", pool);
    Objects.requireNonNull(sizes, "sizes");
  }

  public DesiredPool(String pool, int core, int max) {
    this(pool, new PoolSizes(core, max));
  }

  public int core() {
    return sizes.core();
  }

  public int max() {
    return sizes.max();
  }
}
