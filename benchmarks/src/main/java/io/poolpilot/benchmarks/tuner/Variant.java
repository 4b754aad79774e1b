package io.poolpilot.benchmarks.tuner;

/**
 * How the service's request pool is sized in one run: by the tuner (agent {@code mode=tune}, the
 * sidecar in {@code auto}, starting from the application's own size), or statically (agent {@code
 * mode=observe}, sidecar {@code off}: telemetry flows and costs the same, nothing resizes).
 *
 * @param label the name in the tables
 * @param threads the size the application creates its pool with
 * @param tuned whether the tuner sizes it from there
 */
record Variant(String label, int threads, boolean tuned) {
  Variant {
    if (threads < 1) {
      throw new IllegalArgumentException("a pool needs at least one thread, got " + threads);
    }
  }

  static Variant tuner(int applicationThreads) {
    return new Variant("tuner", applicationThreads, true);
  }

  static Variant applicationDefault(int threads) {
    return new Variant("default(" + threads + ")", threads, false);
  }

  static Variant fixed(int threads) {
    return new Variant("static(" + threads + ")", threads, false);
  }
}
