package io.poolpilot.sidecar.capacity;

import io.poolpilot.sidecar.model.InstanceKey;

/**
 * Where the tuning service hands each pool's demand after the tuner decided on it: the one hook
 * between tuning and capacity.
 */
public interface CapacityListener {

  /** Ignores everything: tuning without capacity requests. */
  CapacityListener NONE =
      new CapacityListener() {
        @Override
        public void observed(PoolDemand demand) {}

        @Override
        public void forget(InstanceKey instance) {}
      };

  /** One pool's demand in one control period. Must not throw and must not block for long. */
  void observed(PoolDemand demand);

  /** The instance is gone (expired); its demand no longer counts. */
  void forget(InstanceKey instance);
}
