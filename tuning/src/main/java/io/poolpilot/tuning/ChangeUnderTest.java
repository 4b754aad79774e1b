package io.poolpilot.tuning;

import io.poolpilot.tuning.CapacitySignal.Bottleneck;

/**
 * A size change whose effect is still being measured: what the pool did before it, what it did
 * since, and the verdict on it once the cooldown has passed.
 */
final class ChangeUnderTest {

  /** Why the change was made, which decides how it is judged. */
  enum Kind {
    /**
     * Grown to meet the objective, or past a ceiling to re-test it: judged on throughput under a
     * backlog and on execution time.
     */
    GROW,
    /** Shrunk because threads were idle: judged on whether the objective still holds. */
    SHRINK,
    /** Shrunk because threads were not the limit: judged on whether throughput held. */
    PROBE
  }

  /**
   * The judgement on a change.
   *
   * @param rollback whether to go back to the size before it
   * @param evidence the numbers, for the journal
   * @param conclusive false when the load moved too much for the change to be judged
   */
  record Verdict(boolean rollback, String evidence, boolean conclusive) {

    Verdict(boolean rollback, String evidence) {
      this(rollback, evidence, true);
    }
  }

  /**
   * The least noise assumed for completions: below it, 2.5 times the noise would call a 1% move an
   * effect (a quiet simulated pool's completions can repeat almost exactly).
   */
  static final double MIN_COMPLETIONS_NOISE = 0.02;

  /** A growth that raises execution time by this share of its own step only added waiting. */
  static final double CONTENTION_SHARE = 0.75;

  /**
   * ... or, under a backlog before and after, by this much whatever the step: a large growth whose
   * threads only wait for a downstream's few slots raises the execution time by far more than its
   * noise, but not by three quarters of a fivefold step (4 → 20 threads against a 3-slot downstream
   * moved the wait from the queue into the run time, completions flat, and was kept for missing
   * "+300%").
   */
  static final double MAX_CONTENTION_RISE = 0.5;

  /**
   * ... provided the rise is this many times the period-to-period noise of execution time; and a
   * change of throughput is an effect only beyond this many times its own noise. 2.5 times a mean
   * absolute change is about two standard deviations of it: one period in twenty or so crosses it
   * by chance.
   */
  static final double NOISE_MARGIN = 2.5;

  /** A move of the arrival rate by this share makes a before-and-after comparison meaningless. */
  static final double LOAD_MOVED = 0.3;

  /** A probe may cost this much throughput and still be kept. */
  static final double TOLERATED_LOSS = 0.05;

  final Kind kind;
  final Bottleneck bottleneck;
  final int from;
  final int to;
  final double completionsBefore;
  final double failuresBefore;
  final double executionBefore;
  final double cpuBefore;
  final double arrivalsBefore;
  final boolean backlogBefore;
  final boolean retest;
  private double completionsAfter;
  private double failuresAfter;
  private double cpuAfter;
  private double arrivalsAfter;
  private double executionAfter;
  private int periodsAfter;
  private int timedPeriodsAfter;

  /**
   * @param latestOnly judge against the last period alone rather than the mean of the last two,
   *     because the period before it kept up with its arrivals and its completions said what
   *     arrived, not what the pool can do (see {@code PoolPilotTuner#latestOnly})
   */
  ChangeUnderTest(
      Kind kind,
      Bottleneck bottleneck,
      int from,
      int to,
      WorkloadEstimate estimate,
      boolean latestOnly,
      boolean backlogBefore,
      boolean retest) {
    this.kind = kind;
    this.bottleneck = bottleneck;
    this.from = from;
    this.to = to;
    this.completionsBefore =
        latestOnly ? estimate.latestCompletions() : estimate.recentCompletions();
    this.failuresBefore = latestOnly ? estimate.latestFailures() : estimate.recentFailures();
    this.cpuBefore = latestOnly ? estimate.latestCpu() : estimate.recentCpu();
    this.executionBefore = estimate.execution();
    // A growth answers the arrivals of the period that missed, which the smoothed rate trails by
    // seconds at the start of an overload: judged against the smoothed rate, a growth made in the
    // first overloaded period read as "the load moved by 30%", taught nothing, and the pool grew
    // on past a downstream's limit (tuner-real: 4 → 20 → 26 → 35 at 240 requests/s).
    this.arrivalsBefore =
        kind == Kind.GROW
            ? Math.max(estimate.arrivals(), estimate.latestArrivals())
            : estimate.arrivals();
    this.backlogBefore = backlogBefore;
    this.retest = retest;
  }

  /**
   * A run of growths judged as one, from the size before the first to {@code to}: the same "before"
   * as {@code first}, and an "after" measured from now on. Each growth of a run can fall inside the
   * noise (a downstream whose run time swings by a third hides a +50% rise), while the run as a
   * whole cannot: 12 → 60 threads against a 3-slot downstream took completions from 110 to 117 a
   * second and the run time from 100 to 461 ms.
   */
  ChangeUnderTest(ChangeUnderTest first, int to) {
    this.kind = Kind.GROW;
    this.bottleneck = first.bottleneck;
    this.from = first.from;
    this.to = to;
    this.completionsBefore = first.completionsBefore;
    this.failuresBefore = first.failuresBefore;
    this.cpuBefore = first.cpuBefore;
    this.executionBefore = first.executionBefore;
    this.arrivalsBefore = first.arrivalsBefore;
    this.backlogBefore = first.backlogBefore;
    this.retest = false;
  }

  void observe(PoolObservation observation) {
    completionsAfter += observation.goodputPerSecond();
    failuresAfter += Math.min(observation.failuresPerSecond(), observation.completionsPerSecond());
    cpuAfter += observation.cpuUtilization();
    arrivalsAfter += observation.arrivalsPerSecond();
    periodsAfter++;
    if (WorkloadEstimate.enoughTasks(observation)) {
      executionAfter += observation.executionMeanSeconds();
      timedPeriodsAfter++;
    }
  }

  /**
   * The verdict, judged against the period {@code view} describes. When the arrival rate moved by
   * {@value #LOAD_MOVED} or more since the change, the load and not the change explains what
   * happened: the change is kept and nothing is learned. Except for a growth with a backlog before
   * and after it across fewer arrivals: a pool that cannot keep up completes what its threads can,
   * whatever arrives, so the comparison still holds. (At the end of conflicting's slow I/O phase
   * the arrivals halved as the downstream collapsed; ruling the first growth inconclusive let the
   * tuner grow a second time, 53 to 69 threads, before it rolled back.)
   */
  Verdict judge(PeriodView view, double executionNoise, double completionsNoise) {
    double arrivals = periodsAfter == 0 ? arrivalsBefore : arrivalsAfter / periodsAfter;
    // Only when fewer tasks arrive: a collapse sheds arrivals, while a load that rose by a third
    // across the change is new work, which the change did not cause (io-to-cpu seed 6: a growth
    // 4 → 5 made in the CPU phase was judged in the I/O phase, +67% arrivals at 80 ms each, and
    // rolled back as "completions -58%"; the ceiling it taught held the pool at 4 for a minute).
    boolean poolBound =
        kind == Kind.GROW
            && backlogBefore
            && view.backlogged
            && (periodsAfter == 0 || arrivalsAfter / periodsAfter <= arrivalsBefore);
    if (!poolBound && arrivalsBefore > 0 && Math.abs(arrivals / arrivalsBefore - 1) >= LOAD_MOVED) {
      return new Verdict(false, "", false);
    }
    return switch (kind) {
      case GROW -> judgeGrowth(view, executionNoise, completionsNoise);
      case SHRINK ->
          new Verdict(
              view.violated, "shrank " + moved() + ", then " + Reasons.waitVersusObjective(view));
      case PROBE -> judgeProbe(view);
    };
  }

  /**
   * A CPU probe went too far when the processors lost work (CPU use fell by more than the tolerated
   * loss) and the objective is missed for it, not for a backlog that is draining; a concurrency
   * probe when throughput fell under a backlog by more than the tolerated loss. Not by the noise of
   * completions, as a growth is: probes come in series, and judged each against the noise, probes
   * that lost 11%, 20%, 16% and 11% walked an overloaded pool from 7 threads to 3, half its
   * throughput, each step "within the noise" (and their rollbacks came later, with more reversals).
   */
  private Verdict judgeProbe(PeriodView view) {
    String evidence = "shrank " + moved() + " as " + describe(bottleneck) + ": ";
    if (bottleneck == Bottleneck.CPU) {
      boolean tooFar = view.violated && !view.draining && cpuChange() < -TOLERATED_LOSS;
      return new Verdict(tooFar, evidence + cpu() + ", " + Reasons.waitVersusObjective(view));
    }
    return new Verdict(
        view.backlogged && throughputChange() < -TOLERATED_LOSS, evidence + throughput());
  }

  /**
   * A growth is rolled back only when it made things measurably worse: under a backlog before and
   * after, completions fell beyond their noise; or the execution time rose beyond its noise (and by
   * three quarters of the step, what threads that only wait add, or by {@value
   * #MAX_CONTENTION_RISE} of it whatever the step) while neither completions nor CPU use rose
   * beyond theirs. A growth that raised completions beyond the noise is kept however far it fell
   * short of its proportional gain: on a crowded machine a growth from 1 to 17 threads that raised
   * completions by 155% was rolled back for falling short of +400%, and the pool flapped between
   * the two sizes for a minute. A growth that changed nothing measurable is kept too; the idle
   * shrink takes back threads that are not needed.
   *
   * <p>Completions here are the goodput. A growth that raised the failures by more than the
   * throughput's margin (of everything that ended before it) while the goodput did not rise beyond
   * it is rolled back as well, backlog or not: its threads only failed requests faster
   * (tuner-real's overload: 4 → 20 threads, completions 110 → 235/s, the added ones fast 503s for
   * requests that had waited past their deadline). Process CPU does not count as more work here,
   * since failing requests costs CPU too.
   */
  private Verdict judgeGrowth(PeriodView view, double executionNoise, double completionsNoise) {
    double step = (double) to / from - 1;
    double margin = throughputMargin(completionsNoise);
    if (raisedOnlyFailures(margin)) {
      return new Verdict(
          true,
          "grew "
              + moved()
              + ": failures "
              + Reasons.number(failuresBefore)
              + "→"
              + Reasons.number(failuresAfter())
              + "/s while "
              + throughput()
              + ", no gain beyond the noise of ±"
              + Reasons.percent(margin));
    }
    boolean didMoreWork = throughputChange() > margin || (cpuMeasurable() && cpuChange() > margin);
    if (backlogBefore && view.backlogged && throughputChange() < -margin) {
      return new Verdict(
          true,
          "grew "
              + moved()
              + " under a backlog: "
              + throughput()
              + ", beyond the noise of ±"
              + Reasons.percent(margin));
    }
    double slower = executionChange();
    // The cap only under a backlog before and after, where threads had tasks to take and flat
    // completions mean they could not; a pool that keeps up completes what arrives whatever its
    // size, and a heavy-tailed run time then swings by more than half by itself.
    boolean saturatedThroughout = backlogBefore && view.backlogged;
    double share =
        saturatedThroughout
            ? Math.min(CONTENTION_SHARE * step, MAX_CONTENTION_RISE)
            : CONTENTION_SHARE * step;
    double threshold = Math.max(share, NOISE_MARGIN * executionNoise);
    if (slower >= threshold && !didMoreWork) {
      return new Verdict(
          true,
          "grew "
              + moved()
              + ": execution "
              + Reasons.duration(executionBefore)
              + "→"
              + Reasons.duration(executionAfter())
              + " ("
              + signedPercent(slower)
              + ") while "
              + throughput());
    }
    return new Verdict(false, "");
  }

  /**
   * A change of throughput by this much is an effect however noisy completions have been: the noise
   * is measured at an unchanged size, but in a collapse completions swing by themselves (a
   * downstream falling over measured ±75%), and a probe that cost a fifth of the throughput was
   * kept as noise while the queue overflowed.
   */
  static final double MAX_THROUGHPUT_MARGIN = 0.25;

  /** How far throughput must move to be an effect of the change and not its own noise. */
  static double throughputMargin(double completionsNoise) {
    return Math.min(
        MAX_THROUGHPUT_MARGIN, NOISE_MARGIN * Math.max(MIN_COMPLETIONS_NOISE, completionsNoise));
  }

  /**
   * The smallest size the last probe says may serve: when a probe from {@code from} to {@code to}
   * lost throughput in proportion to the threads taken away, the threads were the limit at {@code
   * to}, and the size where they stop being the limit is about {@code to × (before / after)}; never
   * above {@code from} and never below the midpoint, so that a probe that lost less still bisects.
   * A pool at its best size under an overload loses in proportion (an overloaded downstream showed
   * 339 → 186 completions/s for 9 → 5 threads), and without this it bisected back toward itself
   * three times, each time a reversal there and one back.
   */
  int probeFloor() {
    int midpoint = from - to <= 1 ? from : (from + to + 1) / 2;
    double after = periodsAfter == 0 ? 0 : completionsAfter / periodsAfter;
    if (after <= 0 || completionsBefore <= 0) {
      return midpoint;
    }
    int knee = (int) Math.round(to * completionsBefore / after);
    return Math.max(midpoint, Math.min(from, knee));
  }

  /**
   * Whether the change raised the failures by more than {@code margin} of everything that ended
   * before it (goodput and failures) while the goodput did not rise beyond {@code margin}: its
   * threads added refusals, not work.
   */
  boolean raisedOnlyFailures(double margin) {
    if (periodsAfter == 0 || throughputChange() > margin) {
      return false;
    }
    double endedBefore = completionsBefore + failuresBefore;
    double rise = failuresAfter() - failuresBefore;
    return rise > 0 && (endedBefore <= 0 || rise / endedBefore > margin);
  }

  private double failuresAfter() {
    return periodsAfter == 0 ? failuresBefore : failuresAfter / periodsAfter;
  }

  /** Relative change of throughput (goodput) since the change, e.g. 0.05 for 5% more. */
  double throughputChange() {
    double after = periodsAfter == 0 ? 0 : completionsAfter / periodsAfter;
    return completionsBefore > 0 ? after / completionsBefore - 1 : 0;
  }

  /**
   * Whether CPU use is high enough, before or after, for its relative change to mean something:
   * below {@link WorkloadEstimate#MIN_CPU_FOR_SIGNATURE} of the processors the ratio of two small
   * numbers is noise: a pool collapsing under a downstream used 2% and then 3% to 4% of two
   * processors, read as 75% more work, and a growth that had not raised completions at all was kept
   * and followed by another.
   */
  private boolean cpuMeasurable() {
    double after = periodsAfter == 0 ? 0 : cpuAfter / periodsAfter;
    return Math.max(cpuBefore, after) >= WorkloadEstimate.MIN_CPU_FOR_SIGNATURE;
  }

  /** Relative change of process CPU use since the change. */
  double cpuChange() {
    double after = periodsAfter == 0 ? 0 : cpuAfter / periodsAfter;
    return cpuBefore > 0 ? after / cpuBefore - 1 : 0;
  }

  private String cpu() {
    double after = periodsAfter == 0 ? 0 : cpuAfter / periodsAfter;
    return "CPU "
        + Reasons.percent(cpuBefore)
        + "→"
        + Reasons.percent(after)
        + " ("
        + signedPercent(cpuChange())
        + ")";
  }

  private double executionAfter() {
    return timedPeriodsAfter == 0 ? executionBefore : executionAfter / timedPeriodsAfter;
  }

  /** Relative change of the mean run time since the change, e.g. -0.2 for a fifth shorter. */
  double executionChange() {
    return executionBefore > 0 ? executionAfter() / executionBefore - 1 : 0;
  }

  /** Whether a period since the change had enough tasks to time their run. */
  boolean timedAfter() {
    return timedPeriodsAfter > 0;
  }

  /** The run time before and since the change, for the journal. */
  String runTime() {
    return "run time "
        + Reasons.duration(executionBefore)
        + "→"
        + Reasons.duration(executionAfter())
        + " ("
        + signedPercent(executionChange())
        + ")";
  }

  private String moved() {
    return from + "→" + to;
  }

  private String throughput() {
    double after = periodsAfter == 0 ? 0 : completionsAfter / periodsAfter;
    return "completions "
        + Reasons.number(completionsBefore)
        + "→"
        + Reasons.number(after)
        + "/s ("
        + signedPercent(throughputChange())
        + ")";
  }

  private static String describe(Bottleneck bottleneck) {
    return bottleneck == Bottleneck.CPU ? "the CPU was saturated" : "threads were not the limit";
  }

  static String signedPercent(double fraction) {
    return (fraction >= 0 ? "+" : "") + Reasons.percent(fraction);
  }
}
