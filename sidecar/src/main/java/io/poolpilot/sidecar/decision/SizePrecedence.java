package io.poolpilot.sidecar.decision;

import io.poolpilot.protocol.control.PoolSizes;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Which rule's sizes a pool gets when several have a say: the one place where their order is
 * written down. Strongest first:
 *
 * <ol>
 *   <li>an operator's pin ({@code PUT /api/pools/...}): a person's decision is never overridden,
 *       not even by the floor or the cap;
 *   <li>the node budget's cap on a service's threads ({@code docs/node.md}): the most threads each
 *       of its tuned pools may hold while a service of a higher class needs the processors; it wins
 *       over the floor, since the processors it frees are another service's;
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
   * @param cap the node budget's cap on the pool's threads, if it is capped
   * @param tuned the tuner's size for the pool, if it has one in force
   * @param floor the fewest threads the tuner's size may have, 1 for none
   * @param application the sizes the pool's application gave it: what a cap holds back when the
   *     tuner has no size for the pool
   * @return the pool's desired sizes, empty to leave the pool as its application sized it
   */
  static Optional<PoolSizes> resolve(
      Optional<PoolSizes> pin,
      OptionalInt cap,
      Optional<PoolSizes> tuned,
      int floor,
      PoolSizes application) {
    if (pin.isPresent()) {
      return pin;
    }
    Optional<PoolSizes> floored =
        tuned.map(
            sizes ->
                sizes.core() >= floor ? sizes : new PoolSizes(floor, Math.max(floor, sizes.max())));
    if (cap.isEmpty()) {
      return floored;
    }
    PoolSizes under = floored.orElse(application);
    if (under.max() <= cap.getAsInt()) {
      return floored;
    }
    return Optional.of(new PoolSizes(Math.min(under.core(), cap.getAsInt()), cap.getAsInt()));
  }
}
