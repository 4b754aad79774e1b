package io.poolpilot.sidecar.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.poolpilot.sidecar.journal.Journal;
import io.poolpilot.sidecar.journal.JournalCodec;
import io.poolpilot.sidecar.journal.JournalEntry;
import io.poolpilot.sidecar.journal.JournalReplay;
import io.poolpilot.sidecar.model.InstanceKey;
import io.poolpilot.testsupport.MutableClock;
import io.poolpilot.tuning.CapacitySignal;
import io.poolpilot.tuning.CapacitySignal.Bottleneck;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CapacityServiceTest {

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
  private final List<CapacityRequest> received = new CopyOnWriteArrayList<>();
  private Journal journal;
  private CapacityService service;

  /** A provider that answers like a Kubernetes API without the right Role. */
  private final CapacityProvider forbidden =
      new CapacityProvider() {
        @Override
        public String name() {
          return "kubernetes";
        }

        @Override
        public CompletableFuture<ProviderOutcome> request(CapacityRequest request) {
          received.add(request);
          return CompletableFuture.completedFuture(
              ProviderOutcome.failed(
                  name(), "forbidden (403): the service account may not update"));
        }
      };

  @BeforeEach
  void open() throws Exception {
    journal = Journal.open(dir, new JournalReplay(), warning -> {});
    ScalingPolicy policy =
        new ScalingPolicy(
            0.1, 0.8, 1, 10, Duration.ofMinutes(5), Duration.ofSeconds(60), OptionalInt.of(2));
    service = new CapacityService(policy, List.of(forbidden), journal, clock, warning -> {});
  }

  @AfterEach
  void close() throws Exception {
    journal.close();
  }

  private void observe(String instance, double arrivals, CapacitySignal signal) {
    service.observed(
        new PoolDemand(
            "orders",
            instance,
            "http",
            clock.instant(),
            arrivals,
            arrivals,
            2,
            2,
            0.01,
            2,
            signal));
  }

  private List<JournalEntry.Capacity> journaled() {
    List<JournalEntry.Capacity> entries =
        new ArrayList<>(
            journal.recent(1000).stream()
                .filter(JournalEntry.Capacity.class::isInstance)
                .map(JournalEntry.Capacity.class::cast)
                .toList());
    Collections.reverse(entries);
    return entries;
  }

  @Test
  void journalsTheRequestWhatTheProviderSaidAndTheSuppressionAfterIt() {
    observe("pod-a", 240, CapacitySignal.raise(Bottleneck.CPU, 1.2, "CPU 100% of 2 processors"));

    await().atMost(Duration.ofSeconds(60)).until(() -> journaled().size() == 2);
    JournalEntry.Capacity request = journaled().get(0);
    assertThat(request.phase()).isEqualTo("request");
    assertThat(request.ratio()).isCloseTo(240 * 0.01 / (2 * 0.8), within(1e-9));
    assertThat(request.current()).isEqualTo(2);
    assertThat(request.desired()).isEqualTo(3);
    assertThat(request.reason())
        .contains("threads cannot help")
        .contains("CPU 100% of 2 processors");
    JournalEntry.Capacity outcome = journaled().get(1);
    assertThat(outcome.phase()).isEqualTo("outcome");
    assertThat(outcome.provider()).isEqualTo("kubernetes");
    assertThat(outcome.ok()).isFalse();
    assertThat(outcome.key()).isEqualTo(request.key()).isNotEmpty();
    assertThat(outcome.reason()).startsWith("forbidden (403)");
    assertThat(JournalCodec.decode(JournalCodec.encode(outcome))).isEqualTo(outcome);

    clock.advance(Duration.ofSeconds(2));
    observe("pod-a", 240, CapacitySignal.raise(Bottleneck.CPU, 1.2, "CPU 100% of 2 processors"));

    assertThat(journaled()).hasSize(3);
    assertThat(journaled().get(2).phase()).isEqualTo("suppressed");
    assertThat(journaled().get(2).reason()).contains("one change per 1 min");
    assertThat(received).hasSize(1);
  }

  @Test
  void anIOBoundPoolThatThreadsCanHelpAsksForNothing() {
    for (int s = 0; s < 30; s++) {
      observe("pod-a", 2000, CapacitySignal.NONE);
      clock.advance(Duration.ofSeconds(1));
    }

    assertThat(journaled()).isEmpty();
    assertThat(service.ratios()).containsEntry(new InstanceKey("orders", "pod-a"), 1.0);
  }

  @Test
  void theServiceRatioIsTheMeanOfItsInstancesAndStaleInstancesDrop() {
    observe("pod-a", 160, CapacitySignal.NONE);
    observe("pod-b", 40, CapacitySignal.NONE);

    assertThat(service.ratios())
        .containsEntry(new InstanceKey("orders", "pod-a"), 1.0)
        .containsEntry(new InstanceKey("orders", "pod-b"), 0.25);

    clock.advance(CapacityService.FRESH.plusSeconds(1));
    observe("pod-a", 80, CapacitySignal.NONE);

    assertThat(service.ratios()).containsOnlyKeys(new InstanceKey("orders", "pod-a"));
  }

  @Test
  void aRequestForACappedServiceSaysItWasCappedAndForWhom() throws Exception {
    ScalingPolicy policy =
        new ScalingPolicy(
            0.1, 0.8, 1, 10, Duration.ofMinutes(5), Duration.ofSeconds(60), OptionalInt.of(2));
    service =
        new CapacityService(
            policy,
            List.of(forbidden),
            journal,
            clock,
            warning -> {},
            name ->
                name.equals("orders")
                    ? java.util.Optional.of(
                        "capped by the node budget to 2 threads a pool for front")
                    : java.util.Optional.empty());

    observe("pod-a", 240, CapacitySignal.raise(Bottleneck.CPU, 1.2, "CPU 100% of 2 processors"));

    await().atMost(Duration.ofSeconds(60)).until(() -> received.size() == 1);
    assertThat(journaled().get(0).reason())
        .contains("CPU 100% of 2 processors")
        .endsWith("; capped by the node budget to 2 threads a pool for front");
    assertThat(received.get(0).evidence()).contains("for front");
  }
}
