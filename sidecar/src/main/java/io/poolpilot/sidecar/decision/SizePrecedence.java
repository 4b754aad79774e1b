package io.poolpilot.sidecar.decision;

import io.poolpilot.protocol.control.PoolSizes;
import java.util.Optional;

/**
 * Which rule's sizes a pool gets when several have a say: the one place where their order is
 * written down. Strongest first:
 *
 * <ol>
 *   <li>an operator's pin ({@code PUT /api/pools/...}): a person's decision is never overridden,
 *       not even by the floor;
 *   <li>the node budget's cap on a service's threads (to come with the node budget; it will slot in
 *       here, above the floor);
 *   <li>the floor that keeps a request pool safe ({@link TuningSettings#floorOf}): the tuner's
 *       sizes are raised to it, so one slow request cannot block all (the tuner is configured with
 *       the same floor and does not go below it; this keeps the order true for sizes resumed from
 *       the journal and for any tuner);
 *   <li>the tuner's size.
 * </ol>
 *
 * A pool none of them speaks for is left out of the desired state, so it keeps the sizes its
 * application gave it.
 */
final class SizePrecedence {

  private SizePrecedence() {}

  /**
   * @param pin the operator's pin of the pool, if any
   * @param tuned the tuner's size for the pool, if it has one in force
   * @param floor the fewest threads the tuner's size may have, 1 for none
   * @return the pool's desired sizes, empty to leave the pool as its application sized it
   */
  static Optional<PoolSizes> resolve(
      Optional<PoolSizes> pin, Optional<PoolSizes> tuned, int floor) {
    if (pin.isPresent()) {
      return pin;
    }
    return tuned.map(
        sizes ->
            sizes.core() >= floor ? sizes : new PoolSizes(floor, Math.max(floor, sizes.max())));
  }
}
