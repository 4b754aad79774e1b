package io.poolpilot.sidecar.control;

/**
 * Picks the version of a new desired state for one instance:
 *
 * <pre>version = max(floor + 1, now)</pre>
 *
 * where {@code floor} is the higher of the last version issued to the instance (from memory or the
 * journal) and the version the instance reports having applied, and {@code now} is the wall clock
 * in milliseconds. The {@code + 1} makes versions strictly increasing even when two are issued in
 * one millisecond or the clock steps back; the clock term makes them increase across a restart that
 * lost the journal's last line; the agent's own report makes them increase even across a lost or
 * replaced journal, which is all the agent's rule (apply only a version above the applied one)
 * needs.
 */
public final class VersionIssuer {

  private VersionIssuer() {}

  public static long next(long lastIssued, long appliedByAgent, long nowMillis) {
    long floor = Math.max(lastIssued, appliedByAgent);
    return Math.max(Math.addExact(floor, 1), nowMillis);
  }
}
