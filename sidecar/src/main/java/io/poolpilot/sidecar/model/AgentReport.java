package io.poolpilot.sidecar.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One control message from a PoolPilot agent (see {@code docs/protocol.md}): who sent it, its
 * sequence number, the desired state it last applied, its live pools and what applying that state
 * did to each of them.
 */
public record AgentReport(
    InstanceKey key,
    String agentVersion,
    String mode,
    long sequence,
    long appliedVersion,
    String appliedHash,
    List<ReportedPool> pools,
    List<ApplyResult> results) {

  public AgentReport {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(agentVersion, "agentVersion");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(appliedHash, "appliedHash");
    if (sequence < 1) {
      throw new IllegalArgumentException("sequence " + sequence + " is below 1");
    }
    if (appliedVersion < 0) {
      throw new IllegalArgumentException("appliedVersion " + appliedVersion + " is negative");
    }
    pools = List.copyOf(pools);
    results = List.copyOf(results);
    Map<String, ReportedPool> byName = new LinkedHashMap<>();
    for (ReportedPool pool : pools) {
      if (byName.put(pool.name(), pool) != null) {
        throw new IllegalArgumentException("pool " + pool.name() + " is listed twice");
      }
    }
  }

  /**
   * The first message of a JVM: sequence numbers restart at 1 with each process, so such a message
   * is not older than the previous process's last one, even under the same instance id.
   */
  public boolean startsNewProcess() {
    return sequence == 1 && appliedVersion == 0;
  }

  public Optional<ReportedPool> pool(String name) {
    return pools.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  public Optional<ApplyResult> result(String pool) {
    return results.stream().filter(r -> r.pool().equals(pool)).findFirst();
  }
}
