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
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
  private boolean brokenReported;
  private boolean leftOutReported;
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

  /**
   * One exchange with the sidecar; returns the wait before the next one. Whatever goes wrong on the
   * agent's side (a bug, a value the protocol's records refuse) fails this poll like an unreachable
   * sidecar, said once, and the loop goes on: it backs off and, after {@code control.expiry}, still
   * gives the pools their own sizes back. Thrown out of here, it would end the control channel.
   */
  Duration pollOnce() throws InterruptedException {
    byte[] message;
    try {
      message =
          ControlMessages.encode(
              new AgentReport(
                  identity, ++sequence, appliedVersion, appliedHash, poolReports(), lastResults));
    } catch (RuntimeException e) {
      return brokeHere("build its report", e);
    }
    DesiredState state;
    try {
      state = ControlMessages.decode(transport.exchange(message));
    } catch (IOException | IllegalArgumentException e) {
      return failed(e);
    } catch (RuntimeException e) {
      return brokeHere("exchange messages with the sidecar", e);
    }
    try {
      return answered(state);
    } catch (RuntimeException e) {
      return brokeHere("apply the sidecar's answer", e);
    }
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
    return backOff();
  }

  /** A poll that failed on the agent's side: said once, then backed off like any other failure. */
  private Duration brokeHere(String what, RuntimeException cause) {
    sayBrokenOnce(what, cause);
    return backOff();
  }

  private void sayBrokenOnce(String what, RuntimeException cause) {
    if (!brokenReported) {
      brokenReported = true;
      report.accept(
          "the control loop could not "
              + what
              + " ("
              + cause
              + "); pools keep their sizes, retrying with back-off");
    }
  }

  private Duration backOff() {
    failures++;
    long silentFor = millis.getAsLong() - lastAnswerAt;
    if (!expired && silentFor >= expiry.toMillis()) {
      restoreApplicationSizes(silentFor);
    }
    return backoff.after(failures);
  }

  private void restoreApplicationSizes(long silentFor) {
    List<ApplyResult> restored;
    try {
      restored = applier.restoreAll();
    } catch (RuntimeException e) {
      // Not expired yet: the next failed poll tries again.
      sayBrokenOnce("give the pools their own sizes back", e);
      return;
    }
    expired = true;
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

  /**
   * Every live pool the report can carry. A pool it cannot (its sizes cannot be read, its name is
   * empty, too long for the protocol or already taken by another pool) is left out, said once,
   * rather than making the whole report one that cannot be built or that the sidecar refuses.
   */
  private List<ReportedPool> poolReports() {
    List<ReportedPool> reports = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (NamedPool pool : registry.pools()) {
      ReportedPool reported;
      try {
        reported = reported(pool);
      } catch (RuntimeException e) {
        leftOut(pool.name(), e.getMessage());
        continue;
      }
      if (names.add(reported.name())) {
        reports.add(reported);
      } else {
        leftOut(pool.name(), "another pool is reported under the same name");
      }
    }
    return reports;
  }

  private ReportedPool reported(NamedPool pool) {
    int core = pool.pool().coreSize();
    int max = pool.pool().maxSize();
    int[] original = pool.probe().originalSizes();
    String refusal = resizer.refusal(pool);
    return new ReportedPool(
        pool.name(),
        core,
        max,
        original == null ? core : original[0],
        original == null ? max : original[1],
        refusal == null,
        Optional.ofNullable(refusal));
  }

  private void leftOut(String name, String why) {
    if (!leftOutReported) {
      leftOutReported = true;
      report.accept(
          "pool '"
              + shortened(name)
              + "' is left out of the reports to the sidecar, which cannot steer it: "
              + why
              + "; any other pool that cannot be reported is left out without a word");
    }
  }

  private static String shortened(String name) {
    return name == null || name.length() <= 100 ? name : name.substring(0, 100) + "...";
  }

  private static Duration clamp(Duration d) {
    if (d.compareTo(MIN_POLL_INTERVAL) < 0) {
      return MIN_POLL_INTERVAL;
    }
    return d.compareTo(MAX_POLL_INTERVAL) > 0 ? MAX_POLL_INTERVAL : d;
  }
}
