package io.poolpilot.benchmarks.sidecar;

import io.poolpilot.protocol.histogram.ExponentialBuckets;
import java.util.SplittableRandom;

/**
 * One pool of a replayed agent: cumulative task counts and queue-wait and run-time histograms that
 * grow at a steady rate with some noise, as a busy pool's do, so every export carries new readings.
 */
final class ReplayedPool {
  private static final int BUCKETS = 24;

  private final String name;
  private final int originalCore;
  private final int originalMax;
  private final SplittableRandom random;
  private final long[] waitCounts = new long[BUCKETS];
  private final long[] runCounts = new long[BUCKETS];
  private final int waitOffset = ExponentialBuckets.indexOf(0.0002);
  private final int runOffset = ExponentialBuckets.indexOf(0.001);
  private double waitSumSeconds;
  private double runSumSeconds;
  private long completed;
  private int core;
  private int max;
  private int active;

  ReplayedPool(String name, int core, int max, long seed) {
    this.name = name;
    this.originalCore = core;
    this.originalMax = max;
    this.core = core;
    this.max = max;
    this.random = new SplittableRandom(seed);
  }

  /** About 100 tasks a second, spread over the histograms' buckets. */
  void advance(double seconds) {
    int tasks = (int) Math.round(seconds * (80 + random.nextInt(40)));
    for (int t = 0; t < tasks; t++) {
      int w = Math.min(BUCKETS - 1, random.nextInt(BUCKETS / 2) + random.nextInt(BUCKETS / 2));
      int r = Math.min(BUCKETS - 1, random.nextInt(BUCKETS / 2) + random.nextInt(BUCKETS / 2));
      waitCounts[w]++;
      runCounts[r]++;
      waitSumSeconds += 0.0002 * Math.pow(2, w / 8.0);
      runSumSeconds += 0.001 * Math.pow(2, r / 8.0);
    }
    completed += tasks;
    active = Math.min(core, random.nextInt(core + 1));
  }

  void resize(int newCore, int newMax) {
    core = newCore;
    max = newMax;
  }

  String name() {
    return name;
  }

  int core() {
    return core;
  }

  int max() {
    return max;
  }

  int originalCore() {
    return originalCore;
  }

  int originalMax() {
    return originalMax;
  }

  int active() {
    return active;
  }

  long completed() {
    return completed;
  }

  long[] waitCounts() {
    return waitCounts.clone();
  }

  long[] runCounts() {
    return runCounts.clone();
  }

  int waitOffset() {
    return waitOffset;
  }

  int runOffset() {
    return runOffset;
  }

  double waitSumSeconds() {
    return waitSumSeconds;
  }

  double runSumSeconds() {
    return runSumSeconds;
  }
}
