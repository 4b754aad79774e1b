package io.poolpilot.protocol.control;

import java.util.Objects;
import java.util.Optional;

/**
 * A live pool as the agent's report describes it: its sizes now, the sizes its application gave it
 * ({@code originalCore}/{@code originalMax}, equal to the current ones until the agent first
 * changes them), and whether the agent may resize it at all, and if not, why.
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
    Checks.name("name", name);
    Objects.requireNonNull(refusal, "refusal");
    refusal.ifPresent(text -> Checks.text("refusal", text));
    Checks.notNegative("core", core);
    Checks.notNegative("max", max);
    Checks.notNegative("originalCore", originalCore);
    Checks.notNegative("originalMax", originalMax);
  }
}
