package io.poolpilot.sidecar.model;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One trace in a listing: what its root span says, and how long the whole trace took as far as the
 * spans held show it.
 *
 * @param rootName the name of the span without a parent, else of the earliest span held
 * @param durationNanos latest end minus earliest start over the spans held
 * @param status {@code ERROR} if any span failed, else the root span's status
 * @param executor the {@code jvm.executor.name} of the pool the request ran on, when a span says
 * @param queueWaitSeconds the {@code poolpilot.queue.wait} that span carries
 */
public record TraceSummary(
    String traceId,
    String rootName,
    String service,
    long startTimeUnixNano,
    long durationNanos,
    String status,
    int spanCount,
    Optional<String> executor,
    OptionalDouble queueWaitSeconds) {

  public TraceSummary {
    Objects.requireNonNull(traceId, "traceId");
    Objects.requireNonNull(rootName, "rootName");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(queueWaitSeconds, "queueWaitSeconds");
  }
}
