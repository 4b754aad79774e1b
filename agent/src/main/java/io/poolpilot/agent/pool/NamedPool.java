package io.poolpilot.agent.pool;

import io.poolpilot.agent.bootstrap.PoolProbe;

/**
 * A live pool under the name it is reported and resized by. It holds the pool strongly, so keep it
 * only for the duration of one export or one resize.
 */
public record NamedPool(String name, PoolAdapter pool, PoolProbe probe) {}
