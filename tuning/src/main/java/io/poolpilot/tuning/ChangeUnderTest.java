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

  /** A growth must raise throughput by at least this share of its proportional gain. */
  static final double EXPECTED_GAIN_SHARE = 0.25;

  /**
   * Growths smaller than this are not judged on throughput: their effect would not stand out of the
   * noise. (Execution time has its own noise margin.)
   */
  static final double MIN_JUDGED_STEP = 0.2;

  /** A growth that raises execution time by this share of its own step only added waiting. */
  static final double CONTENTION_SHARE = 0.75;

  /** ... provided the rise is this many times the period-to-period noise of execution time. */
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
  final double executionBefore;
  final double cpuBefore;
  final double arrivalsBefore;
  final boolean backlogBefore;
  final boolean retest;
  private double completionsAfter;
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
    this.cpuBefore = latestOnly ? estimate.latestCpu() : estimate.recentCpu();
    this.executionBefore = estimate.execution();
    this.arrivalsBefore = estimate.arrivals();
    this.backlogBefore = backlogBefore;
    this.retest = retest;
  }

  void observe(PoolObservation observation) {
    completionsAfter += observation.completionsPerSecond();
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
   * and after it: a pool that cannot keep up completes what its threads can, whatever arrives, so
   * the comparison still holds. (At the end of conflicting's slow I/O phase the arrivals halved as
   * the downstream collapsed; ruling the first growth inconclusive let the tuner grow a second
   * time, 53 to 69 threads, before it rolled back.)
   */
  Verdict judge(PeriodView view, double executionNoise) {
    double arrivals = periodsAfter == 0 ? arrivalsBefore : arrivalsAfter / periodsAfter;
    boolean poolBound = kind == Kind.GROW && backlogBefore && view.backlogged;
    if (!poolBound && arrivalsBefore > 0 && Math.abs(arrivals / arrivalsBefore - 1) >= LOAD_MOVED) {
      return new Verdict(false, "", false);
    }
    return switch (kind) {
      case GROW -> judgeGrowth(view, executionNoise);
      case SHRINK ->
          new Verdict(
              view.violated, "shrank " + moved() + ", then " + Reasons.waitVersusObjective(view));
      case PROBE -> judgeProbe(view);
    };
  }

  /**
   * A CPU probe went too far when the processors lost work (CPU use fell by more than the tolerated
   * loss) and the objective is missed for it, not for a backlog that is draining; a concurrency
   * probe when throughput fell by more than the tolerated loss under a backlog.
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

  private Verdict judgeGrowth(PeriodView view, double executionNoise) {
    double step = (double) to / from - 1;
    double expected = EXPECTED_GAIN_SHARE * step;
    boolean judgeable = step >= MIN_JUDGED_STEP;
    boolean didMoreWork =
        throughputChange() >= expected || (cpuMeasurable() && cpuChange() >= expected);
    if (judgeable && backlogBefore && view.backlogged && !didMoreWork) {
      return new Verdict(
          true,
          "grew "
              + moved()
              + " under a backlog: "
              + throughput()
              + " < "
              + signedPercent(expected)
              + " expected");
    }
    double slower = executionChange();
    double threshold = Math.max(CONTENTION_SHARE * step, NOISE_MARGIN * executionNoise);
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

  /** Relative change of throughput since the change, e.g. 0.05 for 5% more. */
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

  private double executionChange() {
    return executionBefore > 0 ? executionAfter() / executionBefore - 1 : 0;
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
