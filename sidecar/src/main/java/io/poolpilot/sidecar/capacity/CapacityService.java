package io.poolpilot.sidecar.capacity;

import io.poolpilot.sidecar.capacity.CapacityDecision.Outcome;
import io.poolpilot.sidecar.journal.Journal;
import io.poolpilot.sidecar.journal.JournalEntry;
import io.poolpilot.sidecar.model.InstanceKey;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The capacity side of the sidecar: takes each pool's demand from the tuning service ({@link
 * CapacityListener}), works out each instance's and each service's demand ratio ({@link
 * DemandRatio}), lets a {@link ReplicaDecider} per service decide, journals every request and
 * suppressed request with its reason, and hands requests to every configured provider, journaling
 * each provider's outcome when it arrives.
 *
 * <p>An instance's ratio is the highest of its pools' readings from the last {@link #FRESH} (older
 * readings are of a pool no longer tuned); a service's is the mean over its instances, evaluated at
 * most once per {@link #PERIOD}. The replica count is, in order: what a provider last read from the
 * platform, the count last asked for, {@code capacity.replicas}.
 *
 * <p>{@link #observed} runs on the caller's thread and writes to the journal (it blocks, like the
 * tuning service that calls it); providers never run on it. Thread-safe.
 */
public final class CapacityService implements CapacityListener, AutoCloseable {

  /** How long a pool's reading counts: a few control periods, so a pool that stopped is dropped. */
  public static final Duration FRESH = Duration.ofSeconds(10);

  /** The least time between two evaluations of one service: the tuner's control period. */
  public static final Duration PERIOD = Duration.ofSeconds(1);

  private final ScalingPolicy policy;
  private final List<CapacityProvider> providers;
  private final Journal journal;
  private final Clock clock;
  private final Consumer<String> warnings;
  private final Function<String, Optional<String>> notes;
  private final DemandReadings readings = new DemandReadings(FRESH);
  private final Map<String, ReplicaDecider> deciders = new HashMap<>();
  private final Map<String, Instant> evaluated = new HashMap<>();
  private final Map<String, Integer> askedFor = new ConcurrentHashMap<>();
  private Instant lastSweep;

  public CapacityService(
      ScalingPolicy policy,
      List<CapacityProvider> providers,
      Journal journal,
      Clock clock,
      Consumer<String> warnings) {
    this(policy, providers, journal, clock, warnings, service -> Optional.empty());
  }

  /**
   * @param notes what a request for a service should say besides the tuner's evidence: that the
   *     node budget capped it, and for whom
   */
  public CapacityService(
      ScalingPolicy policy,
      List<CapacityProvider> providers,
      Journal journal,
      Clock clock,
      Consumer<String> warnings,
      Function<String, Optional<String>> notes) {
    this.notes = Objects.requireNonNull(notes, "notes");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.providers = List.copyOf(providers);
    this.journal = Objects.requireNonNull(journal, "journal");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.warnings = Objects.requireNonNull(warnings, "warnings");
  }

  @Override
  public synchronized void observed(PoolDemand demand) {
    try {
      InstanceKey key = new InstanceKey(demand.service(), demand.instance());
      double ratio = DemandRatio.of(demand, policy.targetUtilization());
      String evidence =
          demand.threadsCannotHelp() ? demand.pool() + ": " + demand.signal().evidence() : "";
      Instant now = clock.instant();
      readings.record(
          key,
          demand.pool(),
          new DemandReadings.Reading(demand.at(), ratio, demand.threadsCannotHelp(), evidence),
          now);
      if (lastSweep == null || !now.isBefore(lastSweep.plus(PERIOD))) {
        lastSweep = now;
        readings.dropStale(now);
      }
      Instant last = evaluated.get(demand.service());
      if (last != null && Duration.between(last, now).compareTo(PERIOD) < 0) {
        return;
      }
      evaluated.put(demand.service(), now);
      evaluate(demand.service(), now);
    } catch (RuntimeException e) {
      warnings.accept("capacity: cannot evaluate " + demand.service() + ": " + e);
    }
  }

  private void evaluate(String service, Instant now) {
    DemandReadings.ServiceDemand demand = readings.service(service, now);
    double sum = 0;
    int count = 0;
    double highest = -1;
    InstanceKey asking = null;
    for (Map.Entry<InstanceKey, Double> entry : demand.ratios().entrySet()) {
      sum += entry.getValue();
      count++;
      if (entry.getValue() > highest) {
        highest = entry.getValue();
        asking = entry.getKey();
      }
    }
    if (count == 0) {
      return;
    }
    boolean cannotHelp = demand.cannotHelpEvidence().isPresent();
    String evidence = demand.cannotHelpEvidence().orElse("");
    double ratio = sum / count;
    OptionalInt current = currentReplicas(service);
    ReplicaDecider decider = deciders.computeIfAbsent(service, s -> new ReplicaDecider(policy));
    CapacityDecision decision = decider.evaluate(now, ratio, cannotHelp, current);
    if (decision.outcome() == Outcome.NONE) {
      return;
    }
    String reason =
        decision.reason()
            + (count > 1 ? " (mean of " + count + " instances)" : "")
            + (evidence.isEmpty() ? "" : "; " + evidence)
            + notes.apply(service).map(note -> "; " + note).orElse("");
    String instance = asking.instance();
    if (decision.outcome() == Outcome.SUPPRESSED) {
      append(
          entry(
              now,
              service,
              instance,
              JournalEntry.Capacity.SUPPRESSED,
              "",
              decision,
              "",
              true,
              reason));
      return;
    }
    String key = CapacityRequest.keyOf(service, now, decision.direction());
    boolean journaled =
        append(
            entry(
                now,
                service,
                instance,
                JournalEntry.Capacity.REQUEST,
                "",
                decision,
                key,
                true,
                reason));
    if (!journaled) {
      // A request nobody can find in the journal must not reach the platform.
      return;
    }
    decision.desired().ifPresent(desired -> askedFor.put(service, desired));
    CapacityRequest request =
        new CapacityRequest(
            now,
            service,
            instance,
            decision.direction(),
            decision.ratio(),
            decision.current(),
            decision.desired(),
            reason,
            key);
    for (CapacityProvider provider : providers) {
      dispatch(provider, request, decision);
    }
  }

  private void dispatch(
      CapacityProvider provider, CapacityRequest request, CapacityDecision decision) {
    CompletableFuture<ProviderOutcome> outcome;
    try {
      outcome = provider.request(request);
    } catch (RuntimeException e) {
      outcome =
          CompletableFuture.completedFuture(ProviderOutcome.failed(provider.name(), e.toString()));
    }
    outcome
        .exceptionally(e -> ProviderOutcome.failed(provider.name(), String.valueOf(e)))
        .thenAccept(
            result -> {
              result.replicas().ifPresent(replicas -> askedFor.put(request.service(), replicas));
              CapacityDecision seen =
                  new CapacityDecision(
                      decision.outcome(),
                      decision.direction(),
                      decision.ratio(),
                      decision.current(),
                      result.replicas().isPresent() ? result.replicas() : decision.desired(),
                      "");
              append(
                  entry(
                      clock.instant(),
                      request.service(),
                      request.instance(),
                      JournalEntry.Capacity.OUTCOME,
                      result.provider(),
                      seen,
                      request.idempotencyKey(),
                      result.ok(),
                      result.detail()));
            });
  }

  private OptionalInt currentReplicas(String service) {
    for (CapacityProvider provider : providers) {
      OptionalInt observed = provider.observedReplicas();
      if (observed.isPresent()) {
        return observed;
      }
    }
    Integer asked = askedFor.get(service);
    return asked != null ? OptionalInt.of(asked) : policy.currentReplicas();
  }

  /** Each instance's demand ratio, for {@code poolpilot_capacity_desired_ratio}. */
  public Map<InstanceKey, Double> ratios() {
    return readings.ratios();
  }

  @Override
  public synchronized void forget(InstanceKey instance) {
    readings.forget(instance);
  }

  private static JournalEntry.Capacity entry(
      Instant at,
      String service,
      String instance,
      String phase,
      String provider,
      CapacityDecision decision,
      String key,
      boolean ok,
      String reason) {
    return new JournalEntry.Capacity(
        at,
        service,
        instance,
        phase,
        provider,
        decision.direction(),
        decision.ratio(),
        decision.current().orElse(-1),
        decision.desired().orElse(-1),
        key,
        ok,
        reason);
  }

  private boolean append(JournalEntry.Capacity entry) {
    try {
      journal.append(entry);
      return true;
    } catch (IOException e) {
      // The journal says once that it cannot be written; an unjournaled request is not made.
      return false;
    }
  }

  @Override
  public void close() {
    for (CapacityProvider provider : providers) {
      try {
        provider.close();
      } catch (RuntimeException e) {
        warnings.accept("capacity: closing " + provider.name() + ": " + e);
      }
    }
  }
}
