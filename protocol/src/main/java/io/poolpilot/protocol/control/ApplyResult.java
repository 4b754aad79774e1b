package io.poolpilot.protocol.control;

/**
 * What applying a desired state did to one pool, as the agent reports it: whether the request was
 * applied as asked, the sizes in force afterwards, and why it was refused or adjusted (empty when
 * it was applied as asked).
 */
public record ApplyResult(String pool, boolean applied, int core, int max, String reason) {

  public ApplyResult {
    Checks.name("pool", pool);
    Checks.text("reason", reason);
    Checks.notNegative("core", core);
    Checks.notNegative("max", max);
  }
}
