package io.poolpilot.sidecar.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A live pool as the agent's control message describes it: its sizes now, the sizes its application
 * gave it, and whether the agent may resize it at all (and if not, why).
 */
public record ReportedPool(
    String name,
    int core,
    int max,
    int originalCore,
    int originalMax,
    boolean resizable,
    Optional<String> refusal) {

  public ReportedPool {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(refusal, "refusal");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("pool name is empty");
    }
    requireNotNegative("core", core);
    requireNotNegative("max", max);
    requireNotNegative("originalCore", originalCore);
    requireNotNegative("originalMax", originalMax);
  }

  static void requireNotNegative(String name, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " " + value + " is negative");
    }
  }
}
