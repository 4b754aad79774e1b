package io.poolpilot.agent.pool;

/**
 * What a resize actually did.
 *
 * @param pool the pool's name
 * @param applied whether the pool's sizes were set
 * @param core core size after the call
 * @param max maximum size after the call
 * @param reason why it was refused, or how the request was adjusted; empty when applied as asked
 */
public record ResizeResult(String pool, boolean applied, int core, int max, String reason) {
  static ResizeResult refused(String pool, int core, int max, String reason) {
    return new ResizeResult(pool, false, core, max, reason);
  }
}
