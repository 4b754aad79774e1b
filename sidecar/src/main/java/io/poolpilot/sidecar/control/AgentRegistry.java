package io.poolpilot.sidecar.control;

import io.poolpilot.protocol.control.AgentReport;
import io.poolpilot.sidecar.model.InstanceKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The latest accepted control report of every instance whose PoolPilot agent polls: which pools it
 * has, their sizes now, and what it applied. A report with a lower sequence number than the one
 * already accepted arrived late and is not accepted, unless it is the first report of a new JVM
 * ({@link AgentReport#startsNewProcess()}), which restarts the count even under a reused instance
 * id. Thread-safe.
 */
final class AgentRegistry {

  private final Map<InstanceKey, AgentReport> agents = new HashMap<>();

  /**
   * @return false if a report with a higher sequence number from the same process was accepted
   *     already, so this one changed nothing
   */
  synchronized boolean record(AgentReport report) {
    InstanceKey key = InstanceKey.of(report.instance());
    AgentReport current = agents.get(key);
    if (current != null && report.sequence() < current.sequence() && !report.startsNewProcess()) {
      return false;
    }
    agents.put(key, report);
    return true;
  }

  synchronized Optional<AgentReport> agent(InstanceKey key) {
    return Optional.ofNullable(agents.get(key));
  }

  synchronized Map<InstanceKey, AgentReport> all() {
    return Map.copyOf(agents);
  }

  /** Forgets an instance; returns its last report, if it had one. */
  synchronized Optional<AgentReport> forget(InstanceKey key) {
    return Optional.ofNullable(agents.remove(key));
  }
}
