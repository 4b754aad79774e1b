package io.poolpilot.sidecar.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.poolpilot.sidecar.journal.Journal;
import io.poolpilot.sidecar.journal.JournalEntry;
import io.poolpilot.sidecar.journal.JournalReplay;
import io.poolpilot.testsupport.MutableClock;
import io.poolpilot.tuning.CapacitySignal;
import io.poolpilot.tuning.CapacitySignal.Bottleneck;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two sidecars, one per replica of one Deployment, against the mock API server in CRUD mode (it
 * keeps objects and serves the scale subresource): whatever both decide, the Lease lets one act.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesCapacityCrudTest {

  static KubernetesClient client;

  private static final String NS = "shop";
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
  private final List<Sidecar> sidecars = new ArrayList<>();

  @TempDir Path dataA;
  @TempDir Path dataB;

  private record Sidecar(Journal journal, CapacityService capacity) {}

  @BeforeEach
  void deployment() throws Exception {
    Deployment orders =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("orders")
            .withNamespace(NS)
            .endMetadata()
            .withNewSpec()
            .withReplicas(2)
            .endSpec()
            .build();
    client.apps().deployments().inNamespace(NS).resource(orders).create();
    sidecars.add(sidecar(dataA, "orders-a"));
    sidecars.add(sidecar(dataB, "orders-b"));
  }

  @AfterEach
  void close() throws Exception {
    for (Sidecar sidecar : sidecars) {
      sidecar.journal().close();
    }
    client.apps().deployments().inNamespace(NS).withName("orders").delete();
    client.leases().inNamespace(NS).withName("poolpilot-orders").delete();
  }

  private Sidecar sidecar(Path dir, String pod) throws Exception {
    ScalingPolicy policy =
        new ScalingPolicy(
            0.1, 0.8, 1, 4, Duration.ofMinutes(5), Duration.ofSeconds(60), OptionalInt.empty());
    KubernetesTarget target =
        new KubernetesTarget(
            NS,
            KubernetesTarget.Kind.DEPLOYMENT,
            Optional.empty(),
            Optional.empty(),
            pod,
            Duration.ofSeconds(60));
    Journal journal = Journal.open(dir, new JournalReplay(), warning -> {});
    // Each sidecar's own client, as two pods would have.
    KubernetesClient own =
        new io.fabric8.kubernetes.client.KubernetesClientBuilder()
            .withConfig(client.getConfiguration())
            .build();
    CapacityProvider provider = new KubernetesCapacityProvider(own, target, policy, clock);
    return new Sidecar(
        journal, new CapacityService(policy, List.of(provider), journal, clock, warning -> {}));
  }

  private void bothSeeCpuShortage(double ratio) {
    for (Sidecar sidecar : sidecars) {
      sidecar
          .capacity()
          .observed(
              new PoolDemand(
                  "orders",
                  sidecar == sidecars.get(0) ? "pod-a" : "pod-b",
                  "http",
                  clock.instant(),
                  200,
                  200,
                  2,
                  2,
                  0,
                  2,
                  CapacitySignal.raise(Bottleneck.CPU, ratio * 0.8, "CPU 100% of 2 processors")));
    }
  }

  private int replicas() {
    return client
        .apps()
        .deployments()
        .inNamespace(NS)
        .withName("orders")
        .get()
        .getSpec()
        .getReplicas();
  }

  private List<JournalEntry.Capacity> outcomes() {
    List<JournalEntry.Capacity> all = new ArrayList<>();
    for (Sidecar sidecar : sidecars) {
      sidecar.journal().recent(1000).stream()
          .filter(e -> e instanceof JournalEntry.Capacity c && c.phase().equals("outcome"))
          .map(e -> (JournalEntry.Capacity) e)
          .forEach(all::add);
    }
    return all;
  }

  @Test
  void twoSidecarsMakeExactlyOneChangePerWindowWithinTheMaximum() {
    bothSeeCpuShortage(1.5);

    await().atMost(Duration.ofSeconds(60)).until(() -> outcomes().size() == 2);
    assertThat(replicas()).isEqualTo(3);
    assertThat(outcomes()).filteredOn(JournalEntry.Capacity::ok).hasSize(1);
    assertThat(outcomes())
        .filteredOn(c -> !c.ok())
        .singleElement()
        .satisfies(c -> assertThat(c.reason()).startsWith("not acting, another replica decides"));

    clock.advance(Duration.ofSeconds(30));
    bothSeeCpuShortage(1.5);
    clock.advance(Duration.ofSeconds(1));
    bothSeeCpuShortage(1.5);
    assertThat(outcomes()).hasSize(2);
    assertThat(replicas()).isEqualTo(3);

    clock.advance(Duration.ofSeconds(31));
    bothSeeCpuShortage(1.5);

    await().atMost(Duration.ofSeconds(60)).until(() -> outcomes().size() == 4);
    assertThat(replicas()).as("ceil(3 × 1.5) = 5, held to the maximum of 4").isEqualTo(4);
    assertThat(outcomes()).filteredOn(JournalEntry.Capacity::ok).hasSize(2);
  }

  @Test
  void aSidecarTakingOverAnExpiredLeaseStillKeepsToTheWindowOfTheLastChange() throws Exception {
    Instant now = clock.instant();
    client
        .leases()
        .inNamespace(NS)
        .resource(
            new LeaseBuilder()
                .withNewMetadata()
                .withName("poolpilot-orders")
                .withNamespace(NS)
                .addToAnnotations(WorkloadLease.LAST_CHANGE, now.minusSeconds(30).toString())
                .endMetadata()
                .withNewSpec()
                .withHolderIdentity("orders-gone")
                .withRenewTime(ZonedDateTime.ofInstant(now.minusSeconds(70), ZoneOffset.UTC))
                .withLeaseDurationSeconds(60)
                .endSpec()
                .build())
        .create();
    KubernetesCapacityProvider provider =
        new KubernetesCapacityProvider(
            client,
            new KubernetesTarget(
                NS,
                KubernetesTarget.Kind.DEPLOYMENT,
                Optional.empty(),
                Optional.empty(),
                "orders-a",
                Duration.ofSeconds(60)),
            ScalingPolicy.DEFAULTS,
            clock);

    ProviderOutcome outcome =
        provider.act(
            new CapacityRequest(
                now,
                "orders",
                "pod-a",
                "up",
                1.5,
                OptionalInt.empty(),
                OptionalInt.empty(),
                "e",
                "k"));

    assertThat(outcome.ok()).isFalse();
    assertThat(outcome.detail()).contains("within the change window");
    assertThat(replicas()).isEqualTo(2);
    assertThat(
            client
                .leases()
                .inNamespace(NS)
                .withName("poolpilot-orders")
                .get()
                .getSpec()
                .getHolderIdentity())
        .isEqualTo("orders-a");
  }
}
