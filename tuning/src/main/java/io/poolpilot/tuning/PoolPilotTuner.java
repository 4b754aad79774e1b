package io.poolpilot.tuning;

import io.poolpilot.tuning.CapacitySignal.Bottleneck;
import io.poolpilot.tuning.ChangeUnderTest.Kind;
import io.poolpilot.tuning.ChangeUnderTest.Verdict;
import io.poolpilot.tuning.Decision.Action;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * PoolPilot's tuner: the smallest pool that meets the queue-wait objective, reached in a few
 * periods, held still, and a capacity request instead of threads when threads cannot help.
 *
 * <h2>More threads help: a model gives the size</h2>
 *
 * Little's law gives the busy threads the load needs, {@code a = λ·S} (arrival rate × execution
 * time). The M/M/n queue ({@link ErlangC}) turns that into a size: the smallest {@code n} with
 * {@code P(wait > objective) = C(n, a)·exp(-(n - a)·objective / S) <= 1%}, 1% because the objective
 * bounds the p99. When the objective is missed the pool grows straight to that size (at most {@code
 * maxStep} threads at once), reading {@code λ} and {@code S} as {@code max(this period, smoothed)}
 * so that a step up is answered at once, and adding {@code queue length / 5 s} to {@code λ} so that
 * a backlog drains within five periods. When the model says the pool is big enough but the p99
 * missed in two of the last three periods (service times with a heavier tail than the model's
 * exponential), the pool grows by a quarter: small enough not to overshoot, large enough to matter
 * within the convergence budget; the quarter is rounded to the nearest thread (at least one), as
 * rounding up would make it 40% of a five-thread pool. One missed period alone, or waits left by a
 * backlog that has already drained (empty queue, completions 10% above arrivals), do not make it
 * grow, and neither do misses with the processors at least {@value #CPU_BUSY} busy: there the wait
 * is for a processor, which more threads do not shorten (a CPU-bound phase at 80% of the processors
 * grew from 7 to 13 this way and back).
 *
 * <h2>More threads hurt: experiments find the limit</h2>
 *
 * From one period's aggregates a thread waiting for a processor, for a downstream or for a lock
 * looks the same as one waiting for I/O, so the tuner judges its own changes once the cooldown has
 * passed ({@link ChangeUnderTest}):
 *
 * <ul>
 *   <li>A growth is rolled back only when it made things measurably worse ({@link
 *       ChangeUnderTest}): with a backlog before and after, completions fell by more than 2.5 times
 *       their own period-to-period noise (at most 25%); or the execution time rose by three
 *       quarters of the step (at most 50%) and 2.5 times its noise (what threads that only wait for
 *       a downstream, a lock or a processor do) while neither completions nor CPU use rose beyond
 *       their noise. Growths made one after another are also judged as one, from the size before
 *       the first ({@code judgeGrowthRun}): each can hide inside a noisy execution time while the
 *       run cannot. Throughput is the goodput where the agent counts failed requests ({@link
 *       PoolObservation#goodputPerSecond()}), completions elsewhere, and a growth that raised the
 *       failures beyond the noise with no more goodput is rolled back at once, backlog or not:
 *       where a service fails requests fast under overload, more threads only fail more of them
 *       (tuner-real's overload grew 4 → 20 for fast 503s of requests shed past their deadline).
 *       Falling short of a proportional gain is not a reason: on a crowded machine a growth from 1
 *       to 17 threads that raised completions by 155% was rolled back for missing "+400% expected",
 *       and the pool flapped between the two for a minute. A growth that is rolled back leaves the
 *       old size as a ceiling, blamed on the CPU when it was at least {@value #CPU_BUSY} busy (80%
 *       of the saturation threshold) and on concurrency otherwise. "Before" is the mean of the last
 *       two periods, or the last alone when the backlog began in it and it completed less than
 *       {@code 1 - }{@value #BOLD_PROBE_GAIN} of that mean (the period before kept up with its
 *       arrivals, so it measured them, not the pool). CPU use only counts as more work when it
 *       reaches {@link WorkloadEstimate#MIN_CPU_FOR_SIGNATURE} of the processors before or after:
 *       below that its ratio is noise.
 *   <li>With the CPU saturated ({@code >= 90%} of the processors, or throttled in {@code >= 10%} of
 *       quota periods) for {@value #SATURATED_CONFIRM_PERIODS} periods running (one saturated
 *       second at 80% load is noise; a collapse lasts) and the objective missed, the tuner never
 *       grows: it halves the pool, not below {@code processors + 1}, the fewest threads that keep
 *       every processor busy with one to spare. Threads beyond that only wait for a processor and
 *       pay for switching. The smaller size is kept unless CPU use fell by more than 5% while the
 *       objective is missed for reasons other than a draining backlog: then the processors went
 *       idle, the probe is rolled back and the old size becomes both ceiling and floor. Each CPU
 *       probe halves again while the CPU stays saturated: with the processors already busy, cutting
 *       threads cannot raise throughput by much, so the gain that makes a concurrency probe bold
 *       (below) never shows, and quarter steps took ten periods to come down from 28 threads to 5
 *       after an I/O phase turned CPU-bound; the CPU rule above is what stops it.
 *   <li>At a concurrency ceiling with a backlog in {@value #SATURATED_CONFIRM_PERIODS} periods
 *       running (near its best size a pool under a downstream's limit queues for a second now and
 *       then; a collapse lasts) the tuner probes down the same way: by half when the pool completes
 *       less than {@code 1 - }{@value #BOLD_PROBE_GAIN} of what arrives, or the previous probe
 *       raised throughput by more than {@value #BOLD_PROBE_GAIN} (a collapse is far from the useful
 *       size), and by a quarter otherwise (a pool that keeps up with its arrivals is near it:
 *       halving a 14-thread pool under a 10-slot downstream overshot to 7, where it could not keep
 *       up), keeping the smaller size unless throughput fell by more than 5%. A probe that lost is
 *       rolled back and the midpoint becomes the probe floor, so that the next probe bisects. A
 *       kept probe moves the ceiling to the smaller size when throughput rose by more than 5%, or
 *       when it held throughput while the run time fell roughly in proportion to the threads taken
 *       away ({@link KeptProbe}: by Little's law those threads only waited, in a downstream's line
 *       or on a lock), so that the next probe goes lower still. When it only held, the ceiling
 *       stays: the same completions at fewer threads and the same run time say nothing about the
 *       queue wait, and moving the ceiling down on such probes ratcheted a pool below its
 *       downstream's best size, where it missed the objective every other period.
 *   <li>When shrinking cannot go lower either, the tuner re-tests the ceiling once by growing a
 *       quarter: slower work looks like a deeper overload until something changes, and the arrival
 *       rate moving by 30% re-arms the re-test. A re-test that clears the backlog without losing
 *       throughput forgets the ceiling ({@code settleRetest}). A CPU ceiling is forgotten when the
 *       CPU is less than {@value #CPU_IDLE} busy and the objective is missed: the CPU plainly is
 *       not the limit any more.
 * </ul>
 *
 * {@link CapacityDetector} turns a limit that persists at the useful size into "needs capacity". A
 * GC storm ({@code >= 15%} of the time in GC) looks like CPU saturation but more threads would only
 * allocate more: the tuner holds and says so.
 *
 * <h2>Too many threads: shrink slowly</h2>
 *
 * When the p99 is below half the objective (the hysteresis band: growth starts above the objective,
 * shrinking below half of it) and the smoothed model size, with 10% headroom, is below 80% of the
 * pool for {@value #SHRINK_CONFIRM_PERIODS} periods running, the pool shrinks to that size but by
 * at most half. The headroom lands the pool above the model's size rather than on it, where one
 * noisy period would make it miss; it is rounded down, so pools under ten threads get none (a whole
 * thread is more than a tenth of them: rounded up, it kept CPU-bound pools at 6 threads where 4
 * serve, 1.3 times the oracle's); the 80% margin keeps a model size within a fifth of the pool from
 * being worth a change; three periods let the smoothed estimates cover 7/8 of a step down; halving
 * is slower than growth, which jumps to the model size, because a pool too small costs latency at
 * once while one too large only costs threads. A shrink after which the objective is missed is
 * rolled back and its size becomes a floor ({@link LearnedLimits}), unless the CPU is saturated by
 * then: the miss is the processors', the threads given back would only queue for them, and the CPU
 * rule takes over.
 *
 * <h2>Guardrails</h2>
 *
 * Sizes stay within the configured minimum and maximum (the sidecar makes a request pool's minimum
 * its floor, so that one slow request cannot block all); one change adds or removes at most {@code
 * maxStep} threads; after a change the tuner waits the cooldown before the next, so that each
 * change is seen in the telemetry before it is judged; the pool changes direction at most twice a
 * minute ({@link ReversalBudget}), because on a noisy machine each reversal undoes a change before
 * its effect could be measured twice; what it learned expires ({@link LearnedLimits}). The tuner
 * sets core and maximum size alike: threads above the core only start when a bounded queue is full,
 * too late for a latency objective.
 */
public final class PoolPilotTuner implements PoolTuner {

  static final double SHRINK_MARGIN = 0.8;
  static final int SHRINK_CONFIRM_PERIODS = 3;
  static final double SHRINK_HEADROOM = 1.1;
  static final double FEEDBACK_STEP = 0.25;
  static final int FEEDBACK_MISSES = 2;
  static final int SATURATED_CONFIRM_PERIODS = 2;
  static final double CPU_IDLE = 0.5;
  static final double CPU_BUSY = 0.72;
  static final double PROPORTIONAL_SHARE = 0.5;
  static final double BOLD_PROBE_GAIN = 0.25;

  /**
   * A pool completing less than this share of its arrivals is deep in a collapse: a rollback there
   * never waits for the reversal budget (conflicting seed 37: a growth 39 → 55 into a collapsing
   * downstream, completions 29 → 25/s against 194 arrivals, held for 24 s).
   */
  static final double DEEP_COLLAPSE = 0.25;

  private final TunerConfig config;
  private final Clock clock;
  private final WorkloadEstimate estimate = new WorkloadEstimate();
  private final LearnedLimits limits = new LearnedLimits();
  private final CapacityDetector capacityDetector = new CapacityDetector();
  private final ReversalBudget budget = new ReversalBudget();
  private final UnrewardedGrowth unrewarded = new UnrewardedGrowth();
  private ChangeUnderTest pending;

  /**
   * The growths made one after another under a missed objective, judged together: from the size
   * before the first of them to the latest ({@link ChangeUnderTest#ChangeUnderTest(ChangeUnderTest,
   * int)}); null when the last change was not a growth, or a growth of the run did measurably more
   * work.
   */
  private ChangeUnderTest growthRun;

  /** The first growth of {@link #growthRun}, whose "before" the run is judged against. */
  private ChangeUnderTest growthRunStart;

  private Instant lastChange;
  private int comfortableStreak;

  /** The last change was a shrink that halving stopped short of its target. */
  private boolean shrinkCutShort;

  /** This period's decision is a shrink of idle threads. */
  private boolean shrinkingIdle;

  /** This period's decision brings the size back into the configured bounds. */
  private boolean correctingBounds;

  /**
   * The last period's change was refused by the {@link ReversalBudget}: the pool holds where it is,
   * which {@link CapacityDetector} then takes as the smallest useful size (a pool that may not
   * probe further is at the best size it may reach, and threads cannot help it more).
   */
  private boolean heldForBudget;

  /**
   * A rollback the {@link ReversalBudget} had no reversal left for: the pool holds at the size it
   * judged worse and rolls back as soon as the budget allows, unless the change, measured on while
   * it waits, no longer looks worse ({@code plainlyTheLimit}); null when none waits.
   */
  private DeferredRollback deferredRollback;

  /**
   * This period's decision is a rollback that undoes little harm, so it may wait for the {@link
   * ReversalBudget}: of a growth that cost no completions beyond their noise, only run time, or of
   * a concurrency probe that lost less than {@value #BOLD_PROBE_GAIN} of the throughput.
   */
  private boolean rollbackCanWait;

  /** The change this period's rollback undoes, kept under measurement while the rollback waits. */
  private ChangeUnderTest rollbackOf;

  private int saturatedStreak;
  private int backlogStreak;
  private int recentMisses;
  private double lastProbeGain = Double.NaN;

  public PoolPilotTuner(TunerConfig config, Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Decision decide(PoolObservation observation) {
    Instant now = clock.instant();
    if (estimate.update(observation)) {
      limits.forgetAll();
    }
    if (pending != null) {
      pending.observe(observation);
    }
    if (growthRun != null && growthRun != pending) {
      growthRun.observe(observation);
    }
    if (deferredRollback != null && deferredRollback.change() != growthRun) {
      deferredRollback.change().observe(observation);
    }
    PeriodView view = new PeriodView(observation, estimate, config);
    saturatedStreak = view.cpuSaturated ? saturatedStreak + 1 : 0;
    backlogStreak = view.backlogged ? backlogStreak + 1 : 0;
    if (!view.backlogged) {
      // A run of growths is one answer to one backlog: once the backlog is gone its "before" is
      // history (noisy-neighbour seed 101: a run begun at 8 threads in one phase, extended by a
      // growth 13 → 16 two phases later, was blamed for completions the first phase had).
      growthRun = null;
      growthRunStart = null;
    }
    if (UnrewardedGrowth.keepsUp(observation.goodputPerSecond(), observation.arrivalsPerSecond())) {
      unrewarded.reset();
    }
    recentMisses = ((recentMisses << 1) | (view.violated ? 1 : 0)) & 0b111;
    if (limits.expire(now, view, estimate.arrivals(), estimate.arrivals() * estimate.execution())) {
      // The load moved: let the estimates settle on it for a cooldown before judging a re-test.
      lastChange = now;
      pending = null;
    }
    CapacitySignal capacity =
        capacityDetector.assess(
            view,
            estimate,
            limits,
            heldForBudget
                ? Math.max(view.size, lowestUsefulSize(view, Bottleneck.CPU))
                : lowestUsefulSize(view, Bottleneck.CPU),
            heldForBudget);
    shrinkingIdle = false;
    correctingBounds = false;
    rollbackCanWait = false;
    rollbackOf = null;
    Decision decision = withinBudget(decideSize(view, now, capacity), view, now, capacity);
    if (decision.resizes()) {
      trackGrowthRun(decision);
      budget.record(now, view.size, decision.coreSize());
      if (!shrinkingIdle) {
        // Any other change ends a run of shrinks.
        shrinkCutShort = false;
      }
      lastChange = now;
      comfortableStreak = 0;
      if (pending == null || pending.kind != Kind.PROBE) {
        lastProbeGain = Double.NaN;
      }
    }
    return decision;
  }

  /**
   * Starts or extends the run of growths with a growth that is now under test, and ends it with any
   * other change: a run is growths in a row that each answered a missed objective, with a backlog
   * in every period since the first.
   */
  private void trackGrowthRun(Decision decision) {
    boolean growth =
        decision.action() == Action.GROW
            && pending != null
            && pending.kind == Kind.GROW
            && !pending.retest;
    if (!growth) {
      unrewarded.reset();
      growthRun = null;
      growthRunStart = null;
      return;
    }
    unrewarded.grew(
        pending.from,
        pending.completionsBefore,
        pending.executionBefore,
        ChangeUnderTest.throughputMargin(estimate.completionsNoise()));
    if (growthRunStart == null) {
      growthRunStart = pending;
      growthRun = pending;
    } else {
      growthRun = new ChangeUnderTest(growthRunStart, pending.to);
    }
  }

  /**
   * Judges the run of growths that ends with {@code latest}, which was itself kept: a run whose
   * threads together only lengthened the run time, completions not up beyond the noise, is rolled
   * back to the size before its first growth, the size that completed as much with the fewest
   * threads, which becomes the ceiling. A growth of the run that did measurably more work starts
   * the run afresh after it, so that a run is never blamed for a gain of its first steps.
   */
  private Decision judgeGrowthRun(
      ChangeUnderTest latest, PeriodView view, Instant now, CapacitySignal cap) {
    if (growthRun == null || growthRun.to != latest.to) {
      return null;
    }
    double margin = ChangeUnderTest.throughputMargin(estimate.completionsNoise());
    if (latest.throughputChange() > margin) {
      // Also when the run is this growth alone: the next growth starts a run of its own (a run
      // anchored before a growth that lifted completions 43% was credited with that gain, and
      // 12 → 200 threads against 3 slots passed as "more work").
      growthRun = null;
      growthRunStart = null;
      return null;
    }
    return rollBackGrowthRun(latest, view, now, cap);
  }

  /**
   * The rollback of the run of growths that ends with {@code latest} to the size before its first
   * growth, when the run as a whole made things measurably worse; null when {@code latest} is no
   * later growth of a run, or the run is not to blame. Asked whether {@code latest} was kept or
   * rolled back on its own: a run 8 → 18 → 21 whose last step lost completions went back to 18
   * alone, keeping ten threads the run had shown to be of no use.
   */
  private Decision rollBackGrowthRun(
      ChangeUnderTest latest, PeriodView view, Instant now, CapacitySignal cap) {
    if (growthRun == null || growthRun == latest || growthRun.to != latest.to) {
      return null;
    }
    ChangeUnderTest run = growthRun;
    if (!run.backlogBefore || !view.backlogged) {
      // Only a pool with tasks waiting for its threads shows whether threads are the limit: one
      // that keeps up completes what arrives at any size (heavy-tail seed 101: a run 8 → 13 in
      // which the p99 missed without a backlog, run time +59% by the tail alone, was rolled back).
      return null;
    }
    Verdict verdict = run.judge(view, estimate.executionNoise(), estimate.completionsNoise());
    if (!verdict.conclusive() || !verdict.rollback()) {
      return null;
    }
    growthRun = null;
    growthRunStart = null;
    Bottleneck why =
        view.observation.cpuUtilization() >= CPU_BUSY ? Bottleneck.CPU : Bottleneck.CONCURRENCY;
    String evidence = "a run of growths " + verdict.evidence() + ", " + Reasons.cpu(view);
    limits.learnCeiling(run.from, now, view, run.executionBefore, why, evidence, false);
    rollbackCanWait = costNoCompletions(run);
    rollbackOf = run;
    return resize(Action.ROLLBACK, view, run.from, cap, "threads are not the limit: " + evidence);
  }

  /**
   * Whether a change whose rollback waited is to be kept after all: a probe that no longer lost
   * throughput, or a growth that raised throughput by half its step or more, the rule by which a
   * re-test shows threads plainly to be the limit again. A smaller gain is not enough: at an
   * overload's onset a growth 11 → 27 against a 3-slot downstream showed +29% (the "before" trailed
   * the new load), was kept, and the pool grew on to 200 threads.
   */
  private static boolean plainlyTheLimit(ChangeUnderTest change) {
    if (change.kind != Kind.GROW) {
      return true;
    }
    double step = (double) change.to / change.from - 1;
    return change.throughputChange() >= PROPORTIONAL_SHARE * step;
  }

  /**
   * Whether a growth judged worse kept completions within their noise: its threads only waited, so
   * holding it a little longer costs threads and run time but no work. Not in a deep collapse,
   * where the noise of completions is wide enough to hide a real loss, and not when it raised the
   * failures: every period held there fails requests that the smaller size served.
   */
  private boolean costNoCompletions(ChangeUnderTest growth) {
    double margin = ChangeUnderTest.throughputMargin(estimate.completionsNoise());
    return growth.throughputChange() >= -margin
        && !growth.raisedOnlyFailures(margin)
        && estimate.recentCompletions() >= DEEP_COLLAPSE * estimate.arrivals();
  }

  /**
   * The decision if the {@link ReversalBudget} allows it, else a hold that says what was wanted.
   * Idle shrinks are optional and keep room for their undoing; growths, probes and re-tests, which
   * answer a missed objective, only need their own reversal (a probe after a rollback is what gets
   * a collapsed downstream back: held for the budget, a pool sat at 38 threads for a minute where 6
   * served; a re-test held the same way left a heavy-tailed pool at 8 threads with a full queue);
   * corrections into the configured bounds always go through. A rollback is a reversal like any
   * other: one that undoes little harm ({@link #rollbackCanWait}) waits, when the budget has none
   * left, at the size it judged worse until the window frees one ({@link #deferredRollback}). Let
   * through at once, rollbacks of growths and probes that were themselves no reversals made {@code
   * downstream-limit} reverse five times in 60 s (seed 37: an idle shrink and a growth, then three
   * rollbacks under the overload). Rollbacks of real harm still go through at once: every rollback
   * made to wait cost {@code conflicting} a fifth of its goodput, pools held for 20 s inside a
   * collapsing downstream; and so does nothing that asks first whether a rollback would fit
   * (growths and probes that keep room for their rollback cost {@code step}, {@code downstream},
   * {@code bursts} and {@code conflicting} up to two fifths of theirs).
   */
  private Decision withinBudget(
      Decision decision, PeriodView view, Instant now, CapacitySignal capacity) {
    heldForBudget = false;
    if (!decision.resizes() || correctingBounds) {
      return decision;
    }
    if (decision.action() == Action.ROLLBACK) {
      if (!rollbackCanWait || budget.allowsNeeded(now, view.size, decision.coreSize())) {
        return decision;
      }
      // Not heldForBudget: the pool waits at a size it judged worse, not at its best.
      deferredRollback =
          new DeferredRollback(view.size, decision.coreSize(), decision.reason(), rollbackOf);
      return hold(
          view,
          capacity,
          "reversal budget spent ("
              + ReversalBudget.PER_WINDOW
              + " a minute), waiting to roll back: "
              + decision.reason());
    }
    boolean allowed =
        shrinkingIdle
            ? budget.allowsOptional(now, view.size, decision.coreSize())
            : budget.allowsNeeded(now, view.size, decision.coreSize());
    if (allowed) {
      return decision;
    }
    pending = null;
    shrinkingIdle = false;
    heldForBudget = true;
    return hold(
        view,
        capacity,
        "reversal budget spent ("
            + ReversalBudget.PER_WINDOW
            + " a minute), instead of: "
            + decision.reason());
  }

  private Decision decideSize(PeriodView view, Instant now, CapacitySignal capacity) {
    int size = view.size;
    if (size < config.minSize() || size > config.maxSize()) {
      int bounded = Math.max(config.minSize(), Math.min(config.maxSize(), size));
      pending = null;
      correctingBounds = true;
      return resize(
          bounded > size ? Action.GROW : Action.SHRINK,
          view,
          bounded,
          capacity,
          "outside the configured " + config.minSize() + ".." + config.maxSize());
    }
    if (lastChange != null && now.isBefore(lastChange.plus(config.cooldown()))) {
      return hold(view, capacity, "cooling down after the last change; " + status(view));
    }
    if (deferredRollback != null) {
      DeferredRollback waiting = deferredRollback;
      deferredRollback = null;
      Verdict again =
          waiting.change().judge(view, estimate.executionNoise(), estimate.completionsNoise());
      if (again.conclusive() && !again.rollback() && plainlyTheLimit(waiting.change())) {
        // Measured for longer, the change no longer looks worse (slower I/O: a growth 28 → 44
        // judged on +23% completions, within the noise, showed +45% while its rollback waited).
        if (waiting.change().kind == Kind.GROW) {
          limits.forgetCeiling();
        }
      } else if (waiting.from() == size) {
        rollbackCanWait = true;
        rollbackOf = waiting.change();
        return new Decision(
            Action.ROLLBACK, waiting.to(), waiting.to(), capacity, waiting.reason());
      }
    }
    if (pending != null) {
      Decision rollback = judge(pending, view, now, capacity);
      pending = null;
      if (rollback != null) {
        return rollback;
      }
    }
    if (view.gcStorm) {
      return hold(
          view, capacity, "GC storm, more threads would only allocate more; " + status(view));
    }
    if (view.cpuSaturated && view.violated) {
      return saturatedStreak >= SATURATED_CONFIRM_PERIODS
          ? probe(view, capacity, Bottleneck.CPU)
          : hold(view, capacity, "not growing with the CPU saturated; " + status(view));
    }
    if (view.violated
        && limits.ceilingFor(Bottleneck.CPU)
        && view.observation.cpuUtilization() < CPU_IDLE) {
      limits.forgetCeiling();
    }
    SizeLimit ceiling = limits.ceiling();
    if (view.backlogged && limits.ceilingFor(Bottleneck.CONCURRENCY) && size >= ceiling.size()) {
      if (size > lowestUsefulSize(view, Bottleneck.CONCURRENCY)) {
        return backlogStreak >= SATURATED_CONFIRM_PERIODS
            ? probe(view, capacity, Bottleneck.CONCURRENCY)
            : hold(view, capacity, "one backlogged period at the ceiling; " + status(view));
      }
      if (!ceiling.retested()) {
        return retest(view, capacity, ceiling);
      }
      return hold(
          view,
          capacity,
          "threads are not the limit: "
              + limits.evidence()
              + "; "
              + Reasons.waitVersusObjective(view));
    }
    if (view.violated) {
      Decision unrewardedRollback = rollBackUnrewardedGrowth(view, now, capacity);
      return unrewardedRollback != null ? unrewardedRollback : grow(view, capacity);
    }
    Decision shrink = shrinkIdle(view, capacity);
    return shrink != null ? shrink : hold(view, capacity, status(view));
  }

  private Decision judge(ChangeUnderTest change, PeriodView view, Instant now, CapacitySignal cap) {
    Verdict verdict = change.judge(view, estimate.executionNoise(), estimate.completionsNoise());
    if (!verdict.conclusive()) {
      return null;
    }
    switch (change.kind) {
      case GROW -> {
        if (verdict.rollback()) {
          Decision runRollback = rollBackGrowthRun(change, view, now, cap);
          if (runRollback != null) {
            return runRollback;
          }
          Bottleneck why =
              view.observation.cpuUtilization() >= CPU_BUSY
                  ? Bottleneck.CPU
                  : Bottleneck.CONCURRENCY;
          String evidence = verdict.evidence() + ", " + Reasons.cpu(view);
          int back = change.from;
          double executionBack = change.executionBefore;
          int anchor =
              change.retest
                  ? 0
                  : unrewarded.anchorWithoutGain(
                      estimate.recentCompletions(),
                      estimate.arrivals(),
                      ChangeUnderTest.throughputMargin(estimate.completionsNoise()));
          if (anchor > 0 && anchor < back) {
            // The earlier growths of the run got no more done either: back past them too.
            back = anchor;
            executionBack = unrewarded.anchorExecution();
            evidence += ", and the growths from " + anchor + " no more goodput";
          }
          limits.learnCeiling(back, now, view, executionBack, why, evidence, change.retest);
          rollbackCanWait = back == change.from && costNoCompletions(change);
          rollbackOf = change;
          return resize(Action.ROLLBACK, view, back, cap, "threads are not the limit: " + evidence);
        }
        if (change.retest) {
          settleRetest(
              change, view, now, ChangeUnderTest.throughputMargin(estimate.completionsNoise()));
        } else {
          return judgeGrowthRun(change, view, now, cap);
        }
      }
      case SHRINK -> {
        if (verdict.rollback() && !view.cpuSaturated) {
          limits.learnFloor(change.from, now, view, verdict.evidence());
          return resize(
              Action.ROLLBACK, view, change.from, cap, "made it worse: " + verdict.evidence());
        }
      }
      case PROBE -> {
        lastProbeGain = Double.NaN;
        if (verdict.rollback()) {
          limits.learnProbeFloor(
              change.probeFloor(), now, view, change.bottleneck, verdict.evidence());
          if (change.bottleneck == Bottleneck.CPU) {
            limits.learnCeiling(
                change.from,
                now,
                view,
                change.executionBefore,
                Bottleneck.CPU,
                verdict.evidence(),
                false);
          }
          rollbackCanWait =
              change.bottleneck == Bottleneck.CONCURRENCY
                  && change.throughputChange() > -BOLD_PROBE_GAIN;
          rollbackOf = change;
          return resize(
              Action.ROLLBACK, view, change.from, cap, "lost throughput: " + verdict.evidence());
        }
        lastProbeGain = change.throughputChange();
        // In a collapse (the pool completes under 3/4 of what arrives) a probe that held throughput
        // with fewer threads proves the threads taken away were useless: the ceiling moves down
        // to it, or the queue model grows the pool straight back (conflicting seed 303: 46 → 30
        // held at +5%, grown back to 46, and the reversal budget then held it there, collapsed,
        // for a minute).
        boolean collapsed =
            view.backlogged
                && estimate.recentCompletions() < (1 - BOLD_PROBE_GAIN) * estimate.arrivals();
        // A probe that held throughput while the run time fell with the threads moves the ceiling
        // down too: the threads taken away only waited (KeptProbe).
        double executionNoise = estimate.executionNoise();
        int knee = KeptProbe.ceiling(change, collapsed, executionNoise);
        String evidence =
            KeptProbe.onlyWaitersTakenAway(change, executionNoise)
                ? verdict.evidence() + ", " + change.runTime()
                : verdict.evidence();
        limits.learnCeiling(
            knee, now, view, view.executionIfTimed(), change.bottleneck, evidence, false);
      }
    }
    return null;
  }

  /**
   * A re-test that was not rolled back: with the backlog still there and throughput up by half the
   * step or more, threads are the limit again and everything learned is forgotten; with a smaller
   * gain the ceiling and the probe floor move up to the new size. With the backlog gone and
   * throughput held, the threads added did not hurt and the objective is met: everything learned is
   * forgotten too, or a ceiling at the new size would hold back the next growth a rising load needs
   * (a ramp's pool, stopped at 27 threads by a ceiling first learned from noise, lost a fifth of
   * two segments). With the backlog gone and throughput down, the test proved nothing (the load
   * fell), and the new size becomes a ceiling not to be re-tested. With the backlog still there and
   * no gain beyond the noise of completions, the growth is kept (it did not make things measurably
   * worse, so it is not rolled back) but the new size becomes a ceiling not to be re-tested and a
   * probe floor, so that the pool holds there, at the best throughput it measured: moving the
   * ceiling up on such re-tests let a pool under a collapsed downstream creep 6 → 8 → 10 → 13 → 17,
   * each step "some gain" within the noise, back into the collapse.
   */
  private void settleRetest(ChangeUnderTest change, PeriodView view, Instant now, double margin) {
    double step = (double) change.to / change.from - 1;
    String evidence = "re-tested " + change.from + "→" + change.to;
    if (!view.backlogged && change.throughputChange() >= -ChangeUnderTest.TOLERATED_LOSS) {
      limits.forgetAll();
    } else if (!view.backlogged) {
      limits.learnCeiling(
          change.to,
          now,
          view,
          view.executionIfTimed(),
          Bottleneck.CONCURRENCY,
          evidence + ": backlog gone, nothing proved",
          true);
    } else if (change.throughputChange() >= PROPORTIONAL_SHARE * step) {
      limits.forgetAll();
    } else if (change.throughputChange() <= margin) {
      limits.learnCeiling(
          change.to,
          now,
          view,
          view.executionIfTimed(),
          Bottleneck.CONCURRENCY,
          evidence + ": no gain beyond the noise",
          true);
      limits.learnProbeFloor(change.to, now, view, Bottleneck.CONCURRENCY, evidence);
    } else {
      limits.learnCeiling(
          change.to,
          now,
          view,
          view.executionIfTimed(),
          Bottleneck.CONCURRENCY,
          evidence + ": some gain",
          false);
      limits.learnProbeFloor(change.to, now, view, Bottleneck.CONCURRENCY, evidence);
    }
  }

  private Decision probe(PeriodView view, CapacitySignal capacity, Bottleneck why) {
    int size = view.size;
    int lowest = lowestUsefulSize(view, why);
    String reason =
        (why == Bottleneck.CPU ? Reasons.cpu(view) : "at the ceiling (" + limits.evidence() + ")")
            + ", "
            + Reasons.waitVersusObjective(view);
    if (size <= lowest) {
      return hold(
          view, capacity, "threads are not the limit: " + reason + ", " + size + " threads");
    }
    boolean collapsed = estimate.recentCompletions() < (1 - BOLD_PROBE_GAIN) * estimate.arrivals();
    boolean bold =
        why == Bottleneck.CPU
            || (Double.isNaN(lastProbeGain) ? collapsed : lastProbeGain > BOLD_PROBE_GAIN);
    int cut = Math.max(1, bold ? size / 2 : size / 4);
    int target = Math.max(lowest, size - Math.min(config.maxStep(), cut));
    pending =
        new ChangeUnderTest(
            Kind.PROBE, why, size, target, estimate, latestOnly(), view.backlogged, false);
    return resize(Action.SHRINK, view, target, capacity, reason + ": threads are not the limit");
  }

  /**
   * At a concurrency ceiling that shrinking did not beat either: grow past it once more, by a
   * quarter (enough to measure, little enough to survive if the ceiling was right), because slower
   * work looks the same as a deeper overload until something changes. If throughput then rises by
   * at least half the step, threads are plainly the limit again and everything learned is
   * forgotten; a smaller gain lifts both the ceiling and the probe floor to the new size, so that
   * the next step is another re-test rather than a probe.
   */
  private Decision retest(PeriodView view, CapacitySignal capacity, SizeLimit ceiling) {
    int size = view.size;
    int quarter = size + Math.max(1, (int) Math.ceil(size * FEEDBACK_STEP));
    int next = Math.min(Math.min(config.maxSize(), size + config.maxStep()), quarter);
    if (next <= size) {
      return hold(
          view, capacity, "at the configured maximum; " + Reasons.waitVersusObjective(view));
    }
    pending =
        new ChangeUnderTest(
            Kind.GROW, Bottleneck.NONE, size, next, estimate, latestOnly(), view.backlogged, true);
    return resize(
        Action.GROW,
        view,
        next,
        capacity,
        "re-testing the ceiling ("
            + ceiling.evidence()
            + ") because shrinking lost throughput too; "
            + Reasons.waitVersusObjective(view)
            + ", "
            + Reasons.little(view));
  }

  /**
   * The rollback of growths that together only lengthened the run time while the pool kept failing
   * to serve what arrives ({@link UnrewardedGrowth}), to the size before them, which becomes a
   * concurrency ceiling; null when they are not to blame. Checked before every growth, whatever the
   * growths' own verdicts were, and not made to wait for the reversal budget: each period held
   * there lengthens every request by the threads' wait (tuner-real: run time 29 → 375 ms as the
   * pool grew from 4 to 76 threads with goodput flat).
   */
  private Decision rollBackUnrewardedGrowth(PeriodView view, Instant now, CapacitySignal cap) {
    double margin = ChangeUnderTest.throughputMargin(estimate.completionsNoise());
    double goodput = estimate.recentCompletions();
    double execution = view.executionIfTimed();
    int back = unrewarded.rollbackTo(view.size, goodput, estimate.arrivals(), execution, margin);
    if (back == 0 || back >= view.size) {
      return null;
    }
    String evidence = unrewarded.evidence(view.size, goodput, execution) + ", " + Reasons.cpu(view);
    limits.learnCeiling(
        back, now, view, unrewarded.anchorExecution(), Bottleneck.CONCURRENCY, evidence, false);
    growthRun = null;
    growthRunStart = null;
    return resize(Action.ROLLBACK, view, back, cap, "threads are not the limit: " + evidence);
  }

  private Decision grow(PeriodView view, CapacitySignal capacity) {
    int size = view.size;
    int target = view.growthTarget;
    String model = "size for the objective " + target;
    if (target <= size) {
      if (view.draining || Integer.bitCount(recentMisses) < FEEDBACK_MISSES) {
        return hold(view, capacity, "one miss, or a backlog already drained; " + status(view));
      }
      if (view.observation.cpuUtilization() >= CPU_BUSY) {
        return hold(
            view,
            capacity,
            "model size "
                + view.growthTarget
                + " ≤ "
                + size
                + ", the processors are busy; "
                + status(view));
      }
      target = size + Math.max(1, (int) Math.round(size * FEEDBACK_STEP));
      model =
          "model size " + view.growthTarget + " ≤ " + size + " but missed twice, a quarter more";
    }
    int limit = Math.min(config.maxSize(), size + config.maxStep());
    SizeLimit ceiling = limits.ceiling();
    if (ceiling != null) {
      limit = Math.min(limit, ceiling.size());
    }
    if (limit <= size) {
      String bound =
          ceiling != null && ceiling.size() <= size
              ? "ceiling (" + ceiling.evidence() + ")"
              : "configured maximum";
      return hold(view, capacity, "at the " + bound + "; " + Reasons.waitVersusObjective(view));
    }
    int next = Math.min(target, limit);
    pending =
        new ChangeUnderTest(
            Kind.GROW, Bottleneck.NONE, size, next, estimate, latestOnly(), view.backlogged, false);
    return resize(
        Action.GROW,
        view,
        next,
        capacity,
        Reasons.waitVersusObjective(view)
            + ", "
            + Reasons.cpu(view)
            + ", "
            + Reasons.little(view)
            + ", "
            + model);
  }

  private Decision shrinkIdle(PeriodView view, CapacitySignal capacity) {
    int size = view.size;
    int target = Math.max(view.steadyTarget, (int) Math.floor(view.steadyTarget * SHRINK_HEADROOM));
    target = Math.max(Math.max(config.minSize(), limits.floorSize()), target);
    // The margin decides whether shrinking is worth starting; a shrink that halving cut short is
    // finished once the pool is still comfortable, or the pool would park up to a quarter above
    // the size it was heading for.
    boolean oversized = view.comfortable && target < size * (shrinkCutShort ? 1.0 : SHRINK_MARGIN);
    comfortableStreak = oversized ? comfortableStreak + 1 : 0;
    if (comfortableStreak < SHRINK_CONFIRM_PERIODS) {
      return null;
    }
    int next = Math.max(target, size - Math.min(config.maxStep(), size / 2));
    if (next >= size) {
      return null;
    }
    shrinkCutShort = next > target;
    shrinkingIdle = true;
    pending =
        new ChangeUnderTest(
            Kind.SHRINK, Bottleneck.NONE, size, next, estimate, false, false, false);
    return resize(
        Action.SHRINK,
        view,
        next,
        capacity,
        Reasons.waitVersusObjective(view)
            + " for "
            + comfortableStreak
            + " periods, "
            + Reasons.rate(estimate.arrivals())
            + " × "
            + Reasons.duration(estimate.execution())
            + " = "
            + Reasons.number(estimate.arrivals() * estimate.execution())
            + " busy, size for the objective "
            + view.steadyTarget);
  }

  /**
   * Whether a change made now is judged against the last period alone instead of the mean of the
   * last two: when the backlog began in the last period and it completed less than {@code 1 -
   * }{@value #BOLD_PROBE_GAIN} of that mean. The period before kept up with its arrivals, so its
   * completions said what arrived, not what the pool can do; averaged in, they made a growth that
   * lifted completions from 63 to 120 a second look like no gain (I/O four times slower at the same
   * load: the tuner rolled back to 26 threads where 72 were needed and held there for a minute).
   * Where the two periods are alike the mean is kept, as it is the steadier figure.
   */
  private boolean latestOnly() {
    return backlogStreak == 1
        && estimate.latestCompletions() < (1 - BOLD_PROBE_GAIN) * estimate.recentCompletions();
  }

  /** The smallest size a probe may reach: never below the probe floor it learned. */
  private int lowestUsefulSize(PeriodView view, Bottleneck why) {
    int lowest =
        why == Bottleneck.CPU
            ? Math.max(config.minSize(), view.observation.availableProcessors() + 1)
            : config.minSize();
    return Math.max(lowest, limits.probeFloorSize(why));
  }

  private Decision resize(
      Action action, PeriodView view, int size, CapacitySignal capacity, String why) {
    String verb =
        switch (action) {
          case GROW -> "grew ";
          case SHRINK -> "shrank ";
          case ROLLBACK -> "rolled back ";
          case HOLD -> "held ";
        };
    String reason = verb + view.observation.pool() + " " + view.size + "→" + size + ": " + why;
    return new Decision(action, size, size, capacity, reason);
  }

  private Decision hold(PeriodView view, CapacitySignal capacity, String why) {
    int size = view.size;
    return Decision.hold(
        size,
        Math.max(size, view.observation.maxSize()),
        capacity,
        "held " + view.observation.pool() + " at " + size + ": " + why);
  }

  private static String status(PeriodView view) {
    return Reasons.waitVersusObjective(view)
        + ", "
        + Reasons.cpu(view)
        + ", "
        + Reasons.little(view);
  }

  /**
   * A rollback from {@code from} to {@code to} that waits for the reversal budget; dropped if the
   * pool is no longer at {@code from}.
   */
  private record DeferredRollback(int from, int to, String reason, ChangeUnderTest change) {}
}
