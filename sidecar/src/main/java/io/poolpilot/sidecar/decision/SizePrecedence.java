package io.poolpilot.sidecar.decision;

import io.poolpilot.protocol.control.PoolSizes;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Which rule's sizes a pool gets when several have a say: the one place where their order is
 * written down. Strongest first:
 *
 * <ol>
 *   <li>an operator's pin ({@code PUT /api/pools/...}): a person's decision is never overridden;
 *   <li>the node budget's cap on a service's threads ({@code docs/node.md}): the most threads each
 *       of its tuned pools may hold while a service of a higher class needs the processors;
 *   <li>the floors and guardrails that keep a request pool safe (to come with the tuner's
 *       guardrails);
 *   <li>the tuner's size.
 * </ol>
 *
 * A pool none of them speaks for is left out of the desired state, so it keeps the sizes its
 * application gave it. Until the floors exist, they slot in here, between the cap and the tuner,
 * and nowhere else.
 */
final class SizePrecedence {

  private SizePrecedence() {}

  /**
   * @param pin the operator's pin of the pool, if any
   * @param tuned the tuner's size for the pool, if it has one in force
   * @return the pool's desired sizes, empty to leave the pool as its application sized it
   */
  static Optional<PoolSizes> resolve(Optional<PoolSizes> pin, Optional<PoolSizes> tuned) {
    return pin.isPresent() ? pin : tuned;
  }

  /**
   * @param cap the node budget's cap on the pool's threads, if it is capped
   * @param application the sizes the pool's application gave it: what a cap holds back when the
   *     tuner has no size for the pool
   */
  static Optional<PoolSizes> resolve(
      Optional<PoolSizes> pin, OptionalInt cap, Optional<PoolSizes> tuned, PoolSizes application) {
    if (pin.isPresent() || cap.isEmpty()) {
      return resolve(pin, tuned);
    }
    PoolSizes under = tuned.orElse(application);
    if (under.max() <= cap.getAsInt()) {
      return tuned;
    }
    return Optional.of(new PoolSizes(Math.min(under.core(), cap.getAsInt()), cap.getAsInt()));
  }
}
