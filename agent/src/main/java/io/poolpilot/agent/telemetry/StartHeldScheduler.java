package io.poolpilot.agent.telemetry;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The metric reader's scheduler: its periodic collections are skipped until {@code startupOver}
 * says the application has started. A collection and its export during start-up take CPU from an
 * application that is using all of it, and nothing is lost by skipping them: every sum and
 * histogram the agent exports is cumulative (or, for a delta exporter, covers the time since the
 * previous collection), so the first export after start-up carries everything recorded before it.
 * The reader's final collection at shutdown does not go through the schedule and is never held.
 * One-off tasks (the export watchdog, the control channel's polls) run as scheduled.
 *
 * <p>It is the agent's one timer thread, {@code poolpilot-timer}, shared by the metric reader's
 * ticks, the export watchdog and the control channel, so that the agent's threads stay few. At
 * shutdown (the reader shuts it down with the telemetry) tasks not yet due are dropped, so the
 * reader's wait for its termination is never the delay of the next control poll.
 */
public final class StartHeldScheduler extends ScheduledThreadPoolExecutor {
  private final BooleanSupplier startupOver;

  StartHeldScheduler(ThreadFactory threads, BooleanSupplier startupOver) {
    super(1, threads);
    this.startupOver = startupOver;
    setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    setRemoveOnCancelPolicy(true);
  }

  /** The agent's timer: one daemon thread named {@code poolpilot-timer}. */
  public static StartHeldScheduler agentTimer(BooleanSupplier startupOver) {
    return new StartHeldScheduler(OtlpTelemetry.daemon("poolpilot-timer"), startupOver);
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(
      Runnable command, long initialDelay, long period, TimeUnit unit) {
    return super.scheduleAtFixedRate(held(command), initialDelay, period, unit);
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable command, long initialDelay, long delay, TimeUnit unit) {
    return super.scheduleWithFixedDelay(held(command), initialDelay, delay, unit);
  }

  /**
   * Whether the application has started, as this timer judges it; one-off tasks that wait for
   * start-up themselves (the control channel's first poll) ask here.
   */
  public boolean startupOver() {
    return startupOver.getAsBoolean();
  }

  private Runnable held(Runnable command) {
    return () -> {
      if (startupOver.getAsBoolean()) {
        command.run();
      }
    };
  }
}
