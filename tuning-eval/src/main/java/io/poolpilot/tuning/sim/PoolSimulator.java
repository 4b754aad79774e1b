package io.poolpilot.tuning.sim;

import java.util.Objects;

/**
 * A deterministic discrete-event simulation of one thread pool under a {@link Scenario}, with its
 * size set by a controller every control period.
 *
 * <p>A task arrives (Poisson, seeded), starts at once on an idle thread or waits in the pool's FIFO
 * queue (rejected when the queue is full), then on its thread runs its CPU part on processors
 * shared by all runnable threads ({@link ProcessorSharing}), waits its I/O part, and calls the
 * downstream when the scenario has one (a limited number of slots, a FIFO line for the rest).
 *
 * <p>The run keeps the telemetry the agent would ({@link AgentTelemetry}: cumulative counts and
 * histograms, gauges read when asked). At the end of each period it reads them as an export would
 * and turns this reading and the previous one into the controller's observation with the sidecar's
 * own {@link io.poolpilot.tuning.telemetry.ObservationConverter}, starting from a reading at time 0
 * so that the first period is observed too. The controller's answer sets the pool's size: a larger
 * size starts queued tasks at once, a smaller one retires threads as they finish their tasks, as
 * {@code ThreadPoolExecutor} does.
 *
 * <p>The arrivals and the tasks' demands come from two random streams split from the seed, so two
 * controllers run on one seed face exactly the same tasks. After the last phase the run continues
 * {@value #DRAIN_SECONDS} s without arrivals so that the last tasks can finish; tasks unfinished
 * then count as missed.
 */
public final class PoolSimulator {

  static final double DRAIN_SECONDS = 5;

  private PoolSimulator() {}

  /**
   * Runs {@code scenario} with the controller {@code factory} makes, on random stream {@code seed}.
   */
  public static SimulationResult run(Scenario scenario, long seed, ControllerFactory factory) {
    Objects.requireNonNull(scenario, "scenario");
    Objects.requireNonNull(factory, "factory");
    return new SimulationRun(scenario, seed, factory).execute(DRAIN_SECONDS);
  }
}
