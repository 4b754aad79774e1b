package io.poolpilot.agent.control;

import io.poolpilot.agent.config.AgentConfig;
import io.poolpilot.agent.pool.PoolRegistry;
import io.poolpilot.agent.pool.PoolResizer;
import io.poolpilot.agent.transport.SidecarCredentials;
import io.poolpilot.protocol.control.AgentIdentity;
import io.poolpilot.protocol.control.ControlProtocol;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs the {@link ControlLoop} on one daemon thread of its own. If the loop itself breaks (a bug,
 * not an unreachable sidecar), the channel turns itself off and says so once; pools keep their
 * sizes.
 */
public final class ControlChannel implements AutoCloseable {
  /** How often a channel held back during start-up asks again whether start-up is over. */
  static final Duration START_CHECK = Duration.ofMillis(500);

  private final Supplier<ControlLoop> loopFactory;
  private final BooleanSupplier startupOver;
  private final Consumer<String> report;
  private final Thread thread;
  private volatile boolean closed;

  private ControlChannel(
      Supplier<ControlLoop> loopFactory, BooleanSupplier startupOver, Consumer<String> report) {
    this.loopFactory = loopFactory;
    this.startupOver = startupOver;
    this.report = report;
    this.thread = new Thread(this::run, "poolpilot-control");
    this.thread.setDaemon(true);
  }

  /**
   * Starts polling {@code endpoint + /v1/poolpilot/control} as the agent of {@code instanceId}.
   * Everything the loop needs is built on the channel's thread, so a value the protocol refuses (a
   * service name longer than {@link ControlProtocol#MAX_TEXT_LENGTH}, which every report would
   * carry and the sidecar would refuse) turns the channel off, said once with what was wrong, and
   * nothing else: telemetry goes on under that name, and pools keep the sizes their application
   * gave them. Another name for control alone would split one service in two in the sidecar.
   *
   * <p>The first poll waits until {@code startupOver} says the application has started: the sidecar
   * has no metrics to tune from before then, and an exchange during start-up only takes CPU from
   * the application. The application's pools keep their own sizes meanwhile.
   */
  public static ControlChannel start(
      AgentConfig config,
      SidecarCredentials credentials,
      String agentVersion,
      String instanceId,
      PoolRegistry registry,
      PoolResizer resizer,
      BooleanSupplier startupOver,
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
            startupOver,
            report);
    channel.thread.start();
    return channel;
  }

  private void run() {
    while (!closed && !startupOver.getAsBoolean()) {
      LockSupport.parkNanos(START_CHECK.toNanos());
    }
    if (closed) {
      return;
    }
    ControlLoop loop;
    try {
      loop = loopFactory.get();
    } catch (IllegalArgumentException e) {
      report.accept(
          "the control channel is off, the sidecar could not be told who this agent is ("
              + e.getMessage()
              + "); pools keep the sizes their application gave them");
      return;
    } catch (Throwable t) {
      report.accept("the control channel could not start and is off: " + t);
      return;
    }
    try {
      while (!closed) {
        Duration wait = loop.pollOnce();
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(wait.toMillis()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable t) {
      report.accept("the control channel failed and is off; pools keep their sizes: " + t);
    }
  }

  /** Whether the channel's thread still runs; for tests. */
  boolean running() {
    return thread.isAlive();
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }
}
