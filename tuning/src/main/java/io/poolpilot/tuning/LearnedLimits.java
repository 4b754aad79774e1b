package io.poolpilot.tuning;

import io.poolpilot.tuning.CapacitySignal.Bottleneck;
import java.time.Duration;
import java.time.Instant;

/**
 * What the tuner learned from its own changes, and when it forgets it.
 *
 * <ul>
 *   <li>The ceiling: growing past it did not raise throughput (or only raised execution time).
 *   <li>The floor: shrinking below it missed the objective.
 *   <li>The probe floor: shrinking below it, when threads were not the limit, lost throughput.
 * </ul>
 *
 * Each is forgotten after {@link #MEMORY}, so that the tuner probes again (two minutes: long
 * against a one-second control period, short against how long a deployment lives), and all at once
 * when the work changes character. The ceiling also lapses when the execution time at or below its
 * size halves ({@link SizeLimit#lighterWork}; not while a tenth of the requests fail, {@link
 * #failingFast}), or when growing past it is re-tried and pays; it may be re-tried once, and once
 * more whenever the arrival rate has moved by {@link #LOAD_CHANGE} (30%, well outside the noise of
 * a smoothed rate) since it was learned, because the arrivals are the one input the pool size does
 * not influence. The floor when the busy-thread demand falls below {@link #FLOOR_DEMAND_SHARE} of
 * what it was: each was learned on other work or other load.
 *
 * <p>The ceiling and the probe floor also lapse when the work changes under a ceiling the pool had
 * settled at ({@link #workChangedAtCeiling}): having met the objective at the ceiling's size, the
 * pool now takes twice as long per task at that same size. A rise alone proves nothing (during a
 * collapse the execution time keeps rising at any size, which is why a ceiling learned there never
 * qualifies); a rise at a size that served the load means the tasks now wait for something else,
 * such as a slow I/O phase after a downstream phase with the same CPU per task. A growth that does
 * not pay is rolled back and teaches the ceiling again.
 */
final class LearnedLimits {

  static final Duration MEMORY = Duration.ofMinutes(2);
  static final double FLOOR_DEMAND_SHARE = 0.7;
  static final double LOAD_CHANGE = 0.3;
  static final double FAILING_SHARE = 0.1;

  private SizeLimit ceiling;
  private SizeLimit floor;
  private SizeLimit probeFloor;

  /**
   * The execution time of the last period the pool met the objective at the ceiling's size; 0 while
   * it has not since the ceiling was learned.
   */
  private double servedExecution;

  void forgetAll() {
    servedExecution = 0;
    ceiling = null;
    floor = null;
    probeFloor = null;
  }

  /** Forgets what lapsed; true when a re-tested ceiling was re-armed because the load moved. */
  boolean expire(Instant now, PeriodView view, double arrivals, double demand) {
    boolean rearmed = false;
    if (ceiling != null
        && ceiling.retested()
        && Math.abs(arrivals / Math.max(1e-9, ceiling.arrivalsAtSet()) - 1) >= LOAD_CHANGE) {
      ceiling = ceiling.rearmed();
      rearmed = true;
    }
    if (ceiling != null
        && (ceiling.expired(now)
            || view.size <= ceiling.size()
                && !failingFast(view)
                && ceiling.lighterWork(view.executionIfTimed()))) {
      ceiling = null;
    }
    if (workChangedAtCeiling(view)) {
      ceiling = null;
      probeFloor = null;
    }
    if (floor != null
        && (floor.expired(now) || demand < FLOOR_DEMAND_SHARE * floor.demandAtSet())) {
      floor = null;
    }
    if (probeFloor != null && probeFloor.expired(now)) {
      probeFloor = null;
    }
    if (ceiling == null) {
      servedExecution = 0;
      return false;
    } else if (view.size == ceiling.size() && !view.violated && view.executionIfTimed() > 0) {
      servedExecution = view.executionIfTimed();
    }
    return rearmed;
  }

  /**
   * Whether at least {@value #FAILING_SHARE} of what ended this period failed: then the mean run
   * time mixes the served requests with the failed ones, which often end at once (a 503 for a
   * request shed past its deadline), and a halved mean says nothing about the work. tuner-real's
   * overload: a ceiling of 4 learned at 27 ms lapsed while a probe to 2 shed most requests, the
   * next growth sized the pool on 17 ms, and it grew 4 → 6 → 8 into a collapse that answered 11
   * requests a second within the deadline where 4 threads answered 71.
   */
  static boolean failingFast(PeriodView view) {
    PoolObservation observation = view.observation;
    return observation.failuresPerSecond() >= FAILING_SHARE * observation.completionsPerSecond()
        && observation.failuresPerSecond() > 0;
  }

  /**
   * Whether the work changed under a ceiling the pool had settled at: it met the objective at the
   * ceiling's size, and at that same size the execution time is now {@value
   * SizeLimit#CHANGE_FACTOR} times what it was then. A ceiling learned in the middle of a collapse
   * never qualifies (the execution time keeps rising there at any size); one the pool served the
   * load at describes the work of that time, and what the pool waits for now may be something more
   * threads help with. Only a re-test can tell.
   */
  boolean workChangedAtCeiling(PeriodView view) {
    return ceiling != null
        && servedExecution > 0
        && view.size == ceiling.size()
        && view.executionIfTimed() >= SizeLimit.CHANGE_FACTOR * servedExecution;
  }

  /**
   * @param execution mean execution time at {@code size}, to tell later whether the work is still
   *     the same
   */
  void learnCeiling(
      int size,
      Instant now,
      PeriodView view,
      double execution,
      Bottleneck why,
      String evidence,
      boolean retested) {
    servedExecution = 0;
    ceiling =
        new SizeLimit(
            size,
            now.plus(MEMORY),
            view.observation.arrivalsPerSecond(),
            view.busyDemand(),
            execution,
            why,
            evidence,
            retested);
  }

  void forgetCeiling() {
    servedExecution = 0;
    ceiling = null;
  }

  void learnFloor(int size, Instant now, PeriodView view, String evidence) {
    floor = limit(size, now, view, Bottleneck.NONE, evidence);
  }

  void learnProbeFloor(int size, Instant now, PeriodView view, Bottleneck why, String evidence) {
    probeFloor = limit(size, now, view, why, evidence);
  }

  private static SizeLimit limit(
      int size, Instant now, PeriodView view, Bottleneck why, String evidence) {
    return new SizeLimit(
        size,
        now.plus(MEMORY),
        view.observation.arrivalsPerSecond(),
        view.busyDemand(),
        view.executionIfTimed(),
        why,
        evidence,
        false);
  }

  /** The ceiling, or null. */
  SizeLimit ceiling() {
    return ceiling;
  }

  /** The smallest size an idle shrink may reach. */
  int floorSize() {
    return floor == null ? 0 : floor.size();
  }

  /** The probe floor for {@code bottleneck}, or 0. */
  int probeFloorSize(Bottleneck bottleneck) {
    return probeFloor != null && probeFloor.bottleneck() == bottleneck ? probeFloor.size() : 0;
  }

  boolean ceilingFor(Bottleneck bottleneck) {
    return ceiling != null && ceiling.bottleneck() == bottleneck;
  }

  /** The evidence behind the probe floor, or the ceiling's when there is none. */
  String evidence() {
    if (probeFloor != null && ceiling != null) {
      return ceiling.evidence() + "; " + probeFloor.evidence();
    }
    return ceiling != null ? ceiling.evidence() : probeFloor != null ? probeFloor.evidence() : "";
  }
}
