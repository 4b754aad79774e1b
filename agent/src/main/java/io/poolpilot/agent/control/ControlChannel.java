package io.poolpilot.agent.control;

import io.poolpilot.agent.config.AgentConfig;
import io.poolpilot.agent.pool.PoolRegistry;
import io.poolpilot.agent.pool.PoolResizer;
import io.poolpilot.agent.telemetry.StartHeldScheduler;
import io.poolpilot.agent.transport.SidecarCredentials;
import io.poolpilot.protocol.control.AgentIdentity;
import io.poolpilot.protocol.control.ControlProtocol;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs the {@link ControlLoop} on the agent's timer thread, one poll at a time, each scheduled when
 * the previous one says. The timer is shared with the metric reader's ticks so that the agent adds
 * no thread of its own for control: an exchange is bounded ({@link HttpControlTransport#TIMEOUT}),
 * so a slow sidecar delays the next metric tick by at most that, and the reader's export itself
 * runs on the SDK's worker. If the loop itself breaks (a bug, not an unreachable sidecar), the
 * channel turns itself off and says so once; pools keep their sizes.
 */
public final class ControlChannel implements AutoCloseable {
  /** How often a channel held back during start-up asks again whether start-up is over. */
  static final Duration START_CHECK = Duration.ofMillis(500);

  private final Supplier<ControlLoop> loopFactory;
  private final StartHeldScheduler timer;
  private final Consumer<String> report;

  /** Touched only by the poll that runs on the timer; polls never overlap. */
  private ControlLoop loop;

  private volatile ScheduledFuture<?> next;
  private volatile boolean closed;
  private volatile boolean off;

  private ControlChannel(
      Supplier<ControlLoop> loopFactory, StartHeldScheduler timer, Consumer<String> report) {
    this.loopFactory = loopFactory;
    this.timer = timer;
    this.report = report;
  }

  /**
   * Starts polling {@code endpoint + /v1/poolpilot/control} as the agent of {@code instanceId}.
   * Everything the loop needs is built on the channel's thread, so a value the protocol refuses (a
   * service name longer than {@link ControlProtocol#MAX_TEXT_LENGTH}, which every report would
   * carry and the sidecar would refuse) turns the channel off, said once with what was wrong, and
   * nothing else: telemetry goes on under that name, and pools keep the sizes their application
   * gave them. Another name for control alone would split one service in two in the sidecar.
   *
   * <p>The first poll waits until the timer ({@link StartHeldScheduler#startupOver}) says the
   * application has started: the sidecar has no metrics to tune from before then, and an exchange
   * during start-up only takes CPU from the application. The application's pools keep their own
   * sizes meanwhile.
   */
  public static ControlChannel start(
      AgentConfig config,
      SidecarCredentials credentials,
      String agentVersion,
      String instanceId,
      PoolRegistry registry,
      PoolResizer resizer,
      StartHeldScheduler timer,
      Consumer<String> report) {
    ControlChannel channel =
        new ControlChannel(
            () ->
                new ControlLoop(
                    new AgentIdentity(
                        config.serviceName(),
                        instanceId,
                        agentVersion,
                        config.mode().name().toLowerCase(Locale.ROOT)),
                    registry,
                    resizer,
                    new HttpControlTransport(
                        config.endpointPath(ControlProtocol.PATH), credentials),
                    new ControlBackoff(() -> ThreadLocalRandom.current().nextDouble()),
                    System::currentTimeMillis,
                    config.controlExpiry(),
                    report),
            timer,
            report);
    channel.scheduleIn(Duration.ZERO);
    return channel;
  }

  /** One step: wait for start-up, build the loop once, poll, and schedule the next step. */
  private void step() {
    if (closed) {
      return;
    }
    if (loop == null) {
      if (!timer.startupOver()) {
        scheduleIn(START_CHECK);
        return;
      }
      try {
        loop = loopFactory.get();
      } catch (IllegalArgumentException e) {
        turnOff(
            "the control channel is off, the sidecar could not be told who this agent is ("
                + e.getMessage()
                + "); pools keep the sizes their application gave them");
        return;
      } catch (Throwable t) {
        turnOff("the control channel could not start and is off: " + t);
        return;
      }
    }
    Duration wait;
    try {
      wait = loop.pollOnce();
    } catch (InterruptedException e) {
      // The timer is being shut down with the JVM: nothing more to poll.
      Thread.currentThread().interrupt();
      return;
    } catch (Throwable t) {
      turnOff("the control channel failed and is off; pools keep their sizes: " + t);
      return;
    }
    scheduleIn(wait);
  }

  private void scheduleIn(Duration wait) {
    if (closed) {
      return;
    }
    try {
      next = timer.schedule(this::step, wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // The timer shut down with the telemetry at the JVM's exit: nothing more to poll.
    }
  }

  private void turnOff(String why) {
    off = true;
    report.accept(why);
  }

  /** Whether the channel still polls or waits to; for tests. */
  boolean running() {
    return !closed && !off;
  }

  @Override
  public void close() {
    closed = true;
    ScheduledFuture<?> pending = next;
    if (pending != null) {
      pending.cancel(false);
    }
  }
}
