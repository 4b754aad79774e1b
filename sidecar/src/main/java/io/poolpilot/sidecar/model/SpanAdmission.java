package io.poolpilot.sidecar.model;

import java.time.Clock;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Which arriving spans the trace buffer keeps: at most {@code perSecond} spans that start a trace
 * in each second of the clock, and every span of a trace kept in this second or the one before, so
 * that what is kept stays whole traces.
 *
 * <p>Why a rate and not only the buffer's size: a node's sidecar receives thousands of spans a
 * second, and a buffer that keeps them all turns over in seconds, so every span lives just long
 * enough to be promoted and then dies in the old generation, which fills it and forces full
 * collections (docs/benchmarks.md, run S11). A few hundred spans a second are more than a person
 * reads on the page, and the buffer then holds minutes of them. Spans not kept are still recorded
 * in the route model and forwarded upstream.
 *
 * <p>Not thread-safe: the trace buffer calls it under its lock.
 */
final class SpanAdmission {

  private final int perSecond;
  private final Clock clock;
  private long second = Long.MIN_VALUE;
  private int startedThisSecond;
  private Set<String> keptThisSecond = new HashSet<>();
  private Set<String> keptLastSecond = new HashSet<>();

  SpanAdmission(int perSecond, Clock clock) {
    if (perSecond < 1) {
      throw new IllegalArgumentException("perSecond " + perSecond + " is below 1");
    }
    this.perSecond = perSecond;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Whether to keep a span of {@code traceId} that arrives now. */
  boolean admit(String traceId) {
    long now = Math.floorDiv(clock.millis(), 1000);
    if (now != second) {
      keptLastSecond = now == second + 1 ? keptThisSecond : new HashSet<>();
      keptThisSecond = new HashSet<>();
      startedThisSecond = 0;
      second = now;
    }
    if (keptThisSecond.contains(traceId)) {
      return true;
    }
    if (keptLastSecond.contains(traceId) || startedThisSecond < perSecond) {
      if (!keptLastSecond.contains(traceId)) {
        startedThisSecond++;
      }
      keptThisSecond.add(traceId);
      return true;
    }
    return false;
  }
}
