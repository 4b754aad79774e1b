package io.poolpilot.tuning.sim;

/**
 * A resource behind the pool with limited concurrency: a database with a connection limit, a
 * service with a bulkhead, a lock. At most {@code slots} calls are served at once, the rest wait in
 * line; each waiting call slows the calls that start while it waits by {@code contention} of their
 * service time (lock convoys, connection churn), so that past its best concurrency more threads
 * lower throughput instead of only adding waiting.
 */
public record Downstream(int slots, double contention) {

  /** No downstream: calls never happen. */
  public static final Downstream NONE = new Downstream(Integer.MAX_VALUE, 0);

  public Downstream {
    if (slots < 1) {
      throw new IllegalArgumentException("slots " + slots + " must be at least 1");
    }
    if (!(contention >= 0)) {
      throw new IllegalArgumentException("contention " + contention + " must be >= 0");
    }
  }
}
