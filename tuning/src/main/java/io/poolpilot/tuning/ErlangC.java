package io.poolpilot.tuning;

/**
 * The M/M/n queue: how many servers keep the chance that a task waits longer than {@code t} below a
 * tail probability. With offered load {@code a = λ·S} (Little's law: busy servers = arrival rate ×
 * service time) the Erlang B recursion {@code B(0) = 1, B(k) = a·B(k-1) / (k + a·B(k-1))} gives the
 * chance of waiting at all, {@code C(n) = n·B(n) / (n - a·(1 - B(n)))}, and the wait beyond it is
 * exponential: {@code P(W > t) = C(n)·exp(-(n - a)·t / S)}.
 *
 * <p>Real service times are rarely exponential; the tuner corrects the model with what it observes
 * (it grows past the model's size when the measured p99 misses, and a shrink that makes the p99
 * miss is rolled back), so the model only has to be right about the order of magnitude.
 */
final class ErlangC {

  private ErlangC() {}

  /**
   * The smallest {@code n} in {@code [1, cap]} with {@code P(W > waitSeconds) <= tail}; {@code cap}
   * when none is.
   */
  static int sizeFor(
      double arrivalsPerSecond, double serviceSeconds, double waitSeconds, double tail, int cap) {
    double load = arrivalsPerSecond * serviceSeconds;
    if (!(load > 0)) {
      return 1;
    }
    double blocking = 1;
    for (int n = 1; n <= cap; n++) {
      blocking = load * blocking / (n + load * blocking);
      if (n <= load) {
        continue;
      }
      double waitChance = n * blocking / (n - load * (1 - blocking));
      double tailChance = waitChance * Math.exp(-(n - load) * waitSeconds / serviceSeconds);
      if (tailChance <= tail) {
        return n;
      }
    }
    return cap;
  }
}
