package io.poolpilot.sidecar.capacity;

import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Scales the Deployment or StatefulSet that owns the service's pods through its {@code scale}
 * subresource, the one endpoint {@code kubectl scale} and the HPA write.
 *
 * <ol>
 *   <li>Only the holder of the workload's Lease ({@link WorkloadLease}) acts; every other replica's
 *       sidecar stands aside, so the sidecars of many replicas never fight.
 *   <li>Not within the change window of the last change any sidecar recorded in the Lease.
 *   <li>Reads the scale, works out the count from the replica count read (HPA's formula on the
 *       request's ratio, within the minimum and maximum), and writes it back carrying the
 *       resourceVersion read: optimistic concurrency. On 409 Conflict (someone changed the scale in
 *       between: a person, an HPA, a rollout) it reads the fresh state and tries again, up to
 *       {@value #ATTEMPTS} times.
 * </ol>
 *
 * A 403 (the service account may not do this) or any other API error is an outcome that names the
 * verb and resource, never an exception. Blocking calls run on one thread of its own.
 */
public final class KubernetesCapacityProvider implements CapacityProvider {

  static final int ATTEMPTS = 3;

  private final KubernetesClient client;
  private final KubernetesTarget target;
  private final ScalingPolicy policy;
  private final Clock clock;
  private final WorkloadLease lease;
  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "poolpilot-capacity-kubernetes");
            thread.setDaemon(true);
            return thread;
          });
  private volatile int observed = -1;

  public KubernetesCapacityProvider(
      KubernetesClient client, KubernetesTarget target, ScalingPolicy policy, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.target = Objects.requireNonNull(target, "target");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.lease = new WorkloadLease(client, target, clock);
  }

  @Override
  public String name() {
    return "kubernetes";
  }

  @Override
  public OptionalInt observedReplicas() {
    int replicas = observed;
    return replicas < 0 ? OptionalInt.empty() : OptionalInt.of(replicas);
  }

  @Override
  public CompletableFuture<ProviderOutcome> request(CapacityRequest request) {
    try {
      return CompletableFuture.supplyAsync(() -> act(request), executor);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(ProviderOutcome.failed(name(), e.toString()));
    }
  }

  /** Reads the workload's replica count now (for start-up); empty if it cannot. */
  public OptionalInt refresh(String service) {
    try {
      Scale scale = workload(service).scale();
      if (scale != null && scale.getSpec() != null && scale.getSpec().getReplicas() != null) {
        observed = scale.getSpec().getReplicas();
      }
    } catch (KubernetesClientException e) {
      // Reported with the first request; the count then comes from configuration.
    }
    return observedReplicas();
  }

  ProviderOutcome act(CapacityRequest request) {
    String workload = describe(request.service());
    WorkloadLease.Claim claim;
    try {
      claim = lease.claim(request.service());
    } catch (KubernetesClientException e) {
      return ProviderOutcome.failed(
          name(),
          apiError(
              e,
              "get/update",
              "leases.coordination.k8s.io " + target.leaseName(request.service())));
    }
    if (!claim.held()) {
      return ProviderOutcome.failed(name(), "not acting, another replica decides: " + claim.why());
    }
    Instant now = clock.instant();
    if (claim.lastChange().isPresent()
        && Duration.between(claim.lastChange().get(), now).compareTo(policy.changeWindow()) < 0) {
      return ProviderOutcome.failed(
          name(),
          "not acting: "
              + workload
              + " was scaled at "
              + claim.lastChange().get()
              + ", within the change window of "
              + policy.changeWindow().toSeconds()
              + " s");
    }
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      Scale scale;
      try {
        scale = workload(request.service()).scale();
      } catch (KubernetesClientException e) {
        return ProviderOutcome.failed(name(), apiError(e, "get", workload + " scale"));
      }
      if (scale == null || scale.getSpec() == null) {
        return ProviderOutcome.failed(
            name(), workload + " not found in namespace " + target.namespace());
      }
      int current = scale.getSpec().getReplicas() == null ? 0 : scale.getSpec().getReplicas();
      observed = current;
      int desired =
          request.desired().isPresent()
                  && request.current().isPresent()
                  && request.current().getAsInt() == current
              ? Math.max(
                  policy.minReplicas(),
                  Math.min(policy.maxReplicas(), request.desired().getAsInt()))
              : policy.desired(Math.max(1, current), request.ratio());
      if (desired == current) {
        return new ProviderOutcome(
            name(),
            true,
            OptionalInt.of(current),
            workload
                + " already at "
                + current
                + " replicas (min "
                + policy.minReplicas()
                + ", max "
                + policy.maxReplicas()
                + ")");
      }
      scale.getSpec().setReplicas(desired);
      try {
        Scale written = workload(request.service()).scale(scale);
        int now2 =
            written != null && written.getSpec() != null && written.getSpec().getReplicas() != null
                ? written.getSpec().getReplicas()
                : desired;
        observed = now2;
        String recorded = "";
        try {
          lease.recordChange(claim.lease(), clock.instant());
        } catch (KubernetesClientException e) {
          recorded = "; could not record the change in the lease: " + e.getMessage();
        }
        return new ProviderOutcome(
            name(),
            true,
            OptionalInt.of(now2),
            "scaled "
                + workload
                + " "
                + current
                + " → "
                + desired
                + " at resourceVersion "
                + scale.getMetadata().getResourceVersion()
                + (attempt > 1 ? " (attempt " + attempt + ", after a conflict)" : "")
                + "; "
                + claim.why()
                + recorded);
      } catch (KubernetesClientException e) {
        if (e.getCode() == 409 && attempt < ATTEMPTS) {
          continue;
        }
        return ProviderOutcome.failed(name(), apiError(e, "update", workload + " scale"));
      }
    }
    return ProviderOutcome.failed(
        name(), "gave up after " + ATTEMPTS + " conflicts on " + workload);
  }

  private Resource<?> workload(String service) {
    String name = target.workload(service);
    return target.kind() == KubernetesTarget.Kind.STATEFULSET
        ? client.apps().statefulSets().inNamespace(target.namespace()).withName(name)
        : client.apps().deployments().inNamespace(target.namespace()).withName(name);
  }

  private String describe(String service) {
    return target.kind().key() + " " + target.namespace() + "/" + target.workload(service);
  }

  private String apiError(KubernetesClientException e, String verb, String what) {
    if (e.getCode() == 403) {
      return "forbidden (403): the service account may not "
          + verb
          + " "
          + what
          + " in namespace "
          + target.namespace()
          + "; grant it in a Role (examples/k8s/rbac.yaml): "
          + e.getMessage();
    }
    if (e.getCode() == 409) {
      return "conflict (409) on " + what + " after " + ATTEMPTS + " attempts: " + e.getMessage();
    }
    return (e.getCode() > 0 ? "HTTP " + e.getCode() + " on " : "cannot reach the API server for ")
        + verb
        + " "
        + what
        + ": "
        + e.getMessage();
  }

  @Override
  public void close() {
    executor.shutdownNow();
    client.close();
  }
}
