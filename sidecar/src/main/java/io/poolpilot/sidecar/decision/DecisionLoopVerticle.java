package io.poolpilot.sidecar.decision;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.util.Objects;

/**
 * The timer that drives the decision loops: every {@link #TICK} it runs the loops with fresh
 * telemetry that are due ({@link DecisionLoops#runDue}) on a worker thread, since deciding writes
 * to the journal. Runs never overlap: a tick that finds the previous run still going does nothing.
 * With the agent's 1 s export interval, a loop decides within a tick of its telemetry arriving.
 */
public final class DecisionLoopVerticle extends VerticleBase {

  /**
   * How often due loops are looked for: a fraction of the period, so decisions follow telemetry.
   */
  static final Duration TICK = Duration.ofMillis(200);

  private final DecisionLoops loops;
  private final Runnable alsoEachTick;
  private long timer = -1;
  private boolean running;

  public DecisionLoopVerticle(DecisionLoops loops) {
    this(loops, () -> {});
  }

  /**
   * @param alsoEachTick runs after the due loops on the same worker, on every tick that has fresh
   *     telemetry (the model changes only then): the node budget, which keeps its own period
   */
  public DecisionLoopVerticle(DecisionLoops loops, Runnable alsoEachTick) {
    this.loops = Objects.requireNonNull(loops, "loops");
    this.alsoEachTick = Objects.requireNonNull(alsoEachTick, "alsoEachTick");
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(TICK.toMillis(), id -> tick());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }

  private void tick() {
    if (running || !loops.anyFresh()) {
      return;
    }
    running = true;
    vertx
        .executeBlocking(
            () -> {
              int ran = loops.runDue();
              alsoEachTick.run();
              return ran;
            },
            false)
        .onComplete(done -> running = false);
  }
}
