package io.poolpilot.sidecar.model;

import java.time.Duration;

/**
 * The bounds that keep one sender from filling the sidecar or crowding out another's data. They
 * replace a single global pool limit that one request declaring 512 pools could fill. Agents and
 * unverified senders are counted apart, so nothing an unverified sender sends can leave an agent's
 * pools without telemetry.
 *
 * @param poolsPerInstance pools one process may report: pool names are low in cardinality by design
 *     (a thread-name prefix), and a real service has a few dozen at most
 * @param agentInstancesPerService processes of one service whose agents report: a thousand is a
 *     large deployment sending to one sidecar per node
 * @param agentInstances processes with an agent, in all: a node of 1,000 JVMs fits with room
 * @param unverifiedInstances processes without an agent, in all: they are only shown, so a few
 *     hundred are plenty, and a sender inventing instance ids fills only this share
 * @param newUnverifiedInstancesPerMinute how fast new processes without an agent are admitted, so
 *     one sender cannot churn through the share
 * @param maxClockAhead how far ahead of the sidecar's clock a data point may be: further ahead, it
 *     would hold every later (true) reading of its pool back as "older". (A point behind the clock
 *     harms nothing: a newer reading replaces it, and only the agent that owns a process can send
 *     its readings at all.)
 */
public record ModelLimits(
    int poolsPerInstance,
    int agentInstancesPerService,
    int agentInstances,
    int unverifiedInstances,
    int newUnverifiedInstancesPerMinute,
    Duration maxClockAhead) {

  public static final ModelLimits DEFAULTS =
      new ModelLimits(64, 1_000, 4_096, 256, 120, Duration.ofMinutes(5));

  public ModelLimits {
    if (poolsPerInstance < 1
        || agentInstancesPerService < 1
        || agentInstances < 1
        || unverifiedInstances < 0
        || newUnverifiedInstancesPerMinute < 0
        || maxClockAhead.isNegative()) {
      throw new IllegalArgumentException(
          "model limits must be positive, got poolsPerInstance="
              + poolsPerInstance
              + " agentInstancesPerService="
              + agentInstancesPerService
              + " agentInstances="
              + agentInstances
              + " unverifiedInstances="
              + unverifiedInstances
              + " newUnverifiedInstancesPerMinute="
              + newUnverifiedInstancesPerMinute);
    }
  }
}
