package io.poolpilot.sidecar.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.api.model.autoscaling.v1.ScaleBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.poolpilot.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The API server's refusals, scripted with the mock server's expectations. */
@EnableKubernetesMockClient(https = false)
class KubernetesCapacityExpectationsTest {

  static KubernetesMockServer server;
  static KubernetesClient client;

  private static final String LEASES = "/apis/coordination.k8s.io/v1/namespaces/shop/leases";
  private static final String SCALE = "/apis/apps/v1/namespaces/shop/deployments/orders/scale";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
  private KubernetesCapacityProvider provider;

  @BeforeEach
  void provider() throws InterruptedException {
    server.clearExpectations();
    while (server.takeRequest(1, TimeUnit.MILLISECONDS) != null) {
      // Requests of the previous test.
    }
    KubernetesTarget target =
        new KubernetesTarget(
            "shop",
            KubernetesTarget.Kind.DEPLOYMENT,
            Optional.empty(),
            Optional.empty(),
            "orders-a",
            Duration.ofSeconds(60));
    provider = new KubernetesCapacityProvider(client, target, ScalingPolicy.DEFAULTS, clock);
  }

  private static Lease lease() {
    return new LeaseBuilder()
        .withNewMetadata()
        .withName("poolpilot-orders")
        .withNamespace("shop")
        .withResourceVersion("7")
        .endMetadata()
        .withNewSpec()
        .withHolderIdentity("orders-a")
        .endSpec()
        .build();
  }

  private static Scale scale(int replicas, String resourceVersion) {
    return new ScaleBuilder()
        .withNewMetadata()
        .withName("orders")
        .withNamespace("shop")
        .withResourceVersion(resourceVersion)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .endSpec()
        .build();
  }

  private static CapacityRequest upFrom2To3() {
    return new CapacityRequest(
        Instant.parse("2026-11-27T10:00:00Z"),
        "orders",
        "pod-a",
        "up",
        1.5,
        OptionalInt.of(2),
        OptionalInt.of(3),
        "CPU 100%",
        "orders-up-1");
  }

  private void leaseIsOurs() {
    server.expect().get().withPath(LEASES + "/poolpilot-orders").andReturn(200, lease()).always();
    server.expect().put().withPath(LEASES + "/poolpilot-orders").andReturn(200, lease()).always();
  }

  private static Status status(int code, String reason, String message) {
    return new Status(
        new StatusBuilder()
            .withCode(code)
            .withReason(reason)
            .withMessage(message)
            .withStatus("Failure")
            .build());
  }

  private record Status(io.fabric8.kubernetes.api.model.Status body) {}

  private List<Scale> scalesPut() throws InterruptedException {
    List<Scale> puts = new ArrayList<>();
    RecordedRequest request;
    while ((request = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
      if (request.getMethod().equals("PUT") && request.getPath().equals(SCALE)) {
        puts.add(Serialization.unmarshal(request.getBody().readUtf8(), Scale.class));
      }
    }
    return puts;
  }

  @Test
  void retriesAConflictOnFreshState() throws Exception {
    leaseIsOurs();
    server.expect().get().withPath(SCALE).andReturn(200, scale(2, "41")).once();
    server
        .expect()
        .put()
        .withPath(SCALE)
        .andReturn(409, status(409, "Conflict", "the object has been modified").body())
        .once();
    // Someone (a person, a rollout) scaled to 3 in between.
    server.expect().get().withPath(SCALE).andReturn(200, scale(3, "42")).once();
    server.expect().put().withPath(SCALE).andReturn(200, scale(5, "43")).once();

    ProviderOutcome outcome = provider.request(upFrom2To3()).get(60, TimeUnit.SECONDS);

    assertThat(outcome.ok()).as(outcome.detail()).isTrue();
    assertThat(outcome.replicas()).hasValue(5);
    assertThat(outcome.detail()).contains("3 → 5").contains("after a conflict");
    List<Scale> puts = scalesPut();
    assertThat(puts).hasSize(2);
    assertThat(puts.get(0).getMetadata().getResourceVersion()).isEqualTo("41");
    assertThat(puts.get(0).getSpec().getReplicas()).isEqualTo(3);
    assertThat(puts.get(1).getMetadata().getResourceVersion())
        .as("the retry carries the fresh resourceVersion")
        .isEqualTo("42");
    assertThat(puts.get(1).getSpec().getReplicas())
        .as("ceil(3 × 1.5) from the fresh 3")
        .isEqualTo(5);
  }

  @Test
  void aForbiddenScaleIsAClearOutcomeAndTheProviderCarriesOn() throws Exception {
    leaseIsOurs();
    server.expect().get().withPath(SCALE).andReturn(200, scale(2, "41")).always();
    server
        .expect()
        .put()
        .withPath(SCALE)
        .andReturn(
            403,
            status(
                    403,
                    "Forbidden",
                    "deployments.apps \"orders\" is forbidden: User"
                        + " \"system:serviceaccount:shop:orders\" cannot update resource"
                        + " \"deployments/scale\"")
                .body())
        .always();

    ProviderOutcome first = provider.request(upFrom2To3()).get(60, TimeUnit.SECONDS);
    ProviderOutcome second = provider.request(upFrom2To3()).get(60, TimeUnit.SECONDS);

    assertThat(first.ok()).isFalse();
    assertThat(first.detail())
        .startsWith(
            "forbidden (403): the service account may not update deployment shop/orders scale")
        .contains("examples/k8s/rbac.yaml");
    assertThat(second.detail()).isEqualTo(first.detail());
  }

  @Test
  void aForbiddenLeaseIsAClearOutcome() throws Exception {
    server
        .expect()
        .get()
        .withPath(LEASES + "/poolpilot-orders")
        .andReturn(403, status(403, "Forbidden", "leases is forbidden").body())
        .always();

    ProviderOutcome outcome = provider.request(upFrom2To3()).get(60, TimeUnit.SECONDS);

    assertThat(outcome.ok()).isFalse();
    assertThat(outcome.detail())
        .startsWith(
            "forbidden (403): the service account may not get/update leases.coordination.k8s.io"
                + " poolpilot-orders");
  }
}
