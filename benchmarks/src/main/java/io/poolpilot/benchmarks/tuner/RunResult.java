package io.poolpilot.benchmarks.tuner;

import java.util.List;

/**
 * One run of one variant through the whole {@link LoadPlan}.
 *
 * @param resizes the resizes the sidecar applied during the run
 * @param reversalsPerMinute reversals over the run's scored minutes
 * @param sendLagP99Millis the load generator's own p99 lateness: large means it, not the service,
 *     fell behind
 */
record RunResult(
    Variant variant,
    int repetition,
    List<PhaseResult> phases,
    int resizes,
    double reversalsPerMinute,
    double sendLagP99Millis) {

  RunResult {
    phases = List.copyOf(phases);
  }

  PhaseResult phase(String group) {
    return phases.stream()
        .filter(p -> p.group().equals(group))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no phase " + group));
  }
}
