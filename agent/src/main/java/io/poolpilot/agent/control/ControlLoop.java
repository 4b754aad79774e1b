package io.poolpilot.agent.control;

import static io.poolpilot.protocol.control.ControlProtocol.MAX_POLL_INTERVAL;
import static io.poolpilot.protocol.control.ControlProtocol.MIN_POLL_INTERVAL;

import io.poolpilot.agent.pool.NamedPool;
import io.poolpilot.agent.pool.PoolRegistry;
import io.poolpilot.agent.pool.PoolResizer;
import io.poolpilot.protocol.control.AgentIdentity;
import io.poolpilot.protocol.control.AgentReport;
import io.poolpilot.protocol.control.ApplyResult;
import io.poolpilot.protocol.control.DesiredState;
import io.poolpilot.protocol.control.ReportedPool;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One poll at a time, with no thread and no clock of its own: {@link #pollOnce()} sends the agent's
 * report, applies a newer desired state and returns how long to wait before the next poll.
 *
 * <p>The rules of docs/protocol.md: a state is applied only if its version is greater than the last
 * one applied, so a repeated or delayed answer never brings back an old size; an unreachable or
 * garbled sidecar changes nothing, and polls back off; once the sidecar has not answered for {@code
 * control.expiry}, every pool gets its application's sizes back, said once.
 */
final class ControlLoop {
  private final AgentIdentity identity;
  private final PoolRegistry registry;
  private final PoolResizer resizer;
  private final DesiredStateApplier applier;
  private final ControlTransport transport;
  private final ControlBackoff backoff;
  private final LongSupplier millis;
  private final Duration expiry;
  private final Consumer<String> report;

  private long sequence;
  private long appliedVersion;
  private String appliedHash = "";
  private List<ApplyResult> lastResults = List.of();
  private Duration pollInterval = MIN_POLL_INTERVAL;
  private int failures;
  private long lastAnswerAt;
  private boolean answeredEver;
  private boolean unreachableReported;
  private boolean expired;

  ControlLoop(
      AgentIdentity identity,
      PoolRegistry registry,
      PoolResizer resizer,
      ControlTransport transport,
      ControlBackoff backoff,
      LongSupplier millis,
      Duration expiry,
      Consumer<String> report) {
    this.identity = identity;
    this.registry = registry;
    this.resizer = resizer;
    this.applier = new DesiredStateApplier(registry, resizer);
    this.transport = transport;
    this.backoff = backoff;
    this.millis = millis;
    this.expiry = expiry;
    this.report = report;
    this.lastAnswerAt = millis.getAsLong();
  }

  /** One exchange with the sidecar; returns the wait before the next one. */
  Duration pollOnce() throws InterruptedException {
    AgentReport message =
        new AgentReport(
            identity, ++sequence, appliedVersion, appliedHash, poolReports(), lastResults);
    DesiredState state;
    try {
      state = ControlMessages.decode(transport.exchange(ControlMessages.encode(message)));
    } catch (IOException | IllegalArgumentException e) {
      return failed(e);
    }
    return answered(state);
  }

  long appliedVersion() {
    return appliedVersion;
  }

  private Duration answered(DesiredState state) {
    failures = 0;
    lastAnswerAt = millis.getAsLong();
    answeredEver = true;
    if (unreachableReported) {
      unreachableReported = false;
      report.accept("the sidecar answers again; pool sizes follow it");
    }
    expired = false;
    if (state.version() > appliedVersion) {
      lastResults = applier.apply(state);
      appliedVersion = state.version();
      appliedHash = state.hash();
    } else {
      List<ApplyResult> late = applier.reconcile();
      if (!late.isEmpty()) {
        lastResults = late;
      }
    }
    state.pollInterval().ifPresent(asked -> pollInterval = clamp(asked));
    return pollInterval;
  }

  private Duration failed(Exception cause) {
    failures++;
    // A sidecar that never answered is said once by the metric export already; one that answers
    // with something other than a desired state (a wrong token, garbage) is said here.
    boolean answeredWrongly =
        cause instanceof HttpControlTransport.RefusedException
            || cause instanceof IllegalArgumentException;
    if ((answeredEver || answeredWrongly) && !unreachableReported) {
      unreachableReported = true;
      report.accept(
          "the sidecar's control channel failed ("
              + cause.getMessage()
              + "); pools keep their sizes, retrying with back-off");
    }
    long silentFor = millis.getAsLong() - lastAnswerAt;
    if (!expired && silentFor >= expiry.toMillis()) {
      expired = true;
      List<ApplyResult> restored = applier.restoreAll();
      appliedVersion = 0;
      appliedHash = "";
      lastResults = restored;
      if (!restored.isEmpty()) {
        report.accept(
            "no answer from the sidecar for "
                + Duration.ofMillis(silentFor).toSeconds()
                + " s: "
                + restored.size()
                + " pool(s) are back to the sizes their application gave them");
      }
    }
    return backoff.after(failures);
  }

  private List<ReportedPool> poolReports() {
    List<ReportedPool> reports = new ArrayList<>();
    for (NamedPool pool : registry.pools()) {
      int core = pool.pool().coreSize();
      int max = pool.pool().maxSize();
      int[] original = pool.probe().originalSizes();
      String refusal = resizer.refusal(pool);
      reports.add(
          new ReportedPool(
              pool.name(),
              core,
              max,
              original == null ? core : original[0],
              original == null ? max : original[1],
              refusal == null,
              Optional.ofNullable(refusal)));
    }
    return reports;
  }

  private static Duration clamp(Duration d) {
    if (d.compareTo(MIN_POLL_INTERVAL) < 0) {
      return MIN_POLL_INTERVAL;
    }
    return d.compareTo(MAX_POLL_INTERVAL) > 0 ? MAX_POLL_INTERVAL : d;
  }
}
