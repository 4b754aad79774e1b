package io.poolpilot.sidecar.decision;

import io.poolpilot.protocol.control.PoolSizes;
import java.util.Optional;

/**
 * Which rule's sizes a pool gets when several have a say: the one place where their order is
 * written down. Strongest first:
 *
 * <ol>
 *   <li>an operator's pin ({@code PUT /api/pools/...}): a person's decision is never overridden;
 *   <li>the node budget's cap on a service's threads (to come with the node budget);
 *   <li>the floors and guardrails that keep a request pool safe (to come with the tuner's
 *       guardrails);
 *   <li>the tuner's size.
 * </ol>
 *
 * A pool none of them speaks for is left out of the desired state, so it keeps the sizes its
 * application gave it. Until the cap and the floors exist, a pin simply wins over the tuner; they
 * slot in here, between the two, and nowhere else.
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
}
