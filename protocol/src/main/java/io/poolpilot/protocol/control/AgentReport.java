package io.poolpilot.protocol.control;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The agent's message: who sent it, its sequence number (1 for the first message of each JVM), the
 * desired state it last applied ({@code 0} and {@code ""} before the first), every live pool, and
 * what applying that state did to each pool it named.
 */
public record AgentReport(
    AgentIdentity instance,
    long sequence,
    long appliedVersion,
    String appliedHash,
    List<ReportedPool> pools,
    List<ApplyResult> results) {

  public AgentReport {
    Objects.requireNonNull(instance, "instance");
    Checks.text("appliedHash", appliedHash);
    if (sequence < 1) {
      throw new IllegalArgumentException("sequence " + sequence + " is below 1");
    }
    Checks.notNegative("appliedVersion", appliedVersion);
    pools = List.copyOf(pools);
    results = List.copyOf(results);
    Set<String> names = new HashSet<>();
    for (ReportedPool pool : pools) {
      if (!names.add(pool.name())) {
        throw new IllegalArgumentException("pool '" + pool.name() + "' is listed twice");
      }
    }
  }

  /**
   * Whether this is the first message of a JVM: sequence numbers restart at 1 with each process, so
   * such a message is not older than the previous process's last one, even under the same instance
   * id.
   */
  public boolean startsNewProcess() {
    return sequence == 1 && appliedVersion == 0;
  }

  /** The reported pool named {@code name}. */
  public Optional<ReportedPool> pool(String name) {
    return pools.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /** What applying the last state did to pool {@code pool}, if it named that pool. */
  public Optional<ApplyResult> result(String pool) {
    return results.stream().filter(r -> r.pool().equals(pool)).findFirst();
  }
}
