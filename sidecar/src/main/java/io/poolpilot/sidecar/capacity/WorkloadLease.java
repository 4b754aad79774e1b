package io.poolpilot.sidecar.capacity;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code coordination.k8s.io} Lease that decides which of a workload's sidecars may change its
 * scale: the one holding it. Taken like client-go's leader election does, but only when there is
 * something to do, not in a loop: read; if another holder renewed it within its duration, stand
 * aside; else write ourselves in as holder with the resourceVersion read, so that of two sidecars
 * racing for it the API server lets exactly one win (the other gets 409 Conflict).
 *
 * <p>The Lease also carries when the scale was last changed ({@value #LAST_CHANGE}), so that a
 * sidecar taking the Lease over from another still keeps to one change per window.
 */
final class WorkloadLease {

  static final String LAST_CHANGE = "poolpilot.io/last-scale-change";

  /** Why we may or may not act; {@code held} with the Lease as written. */
  record Claim(boolean held, Optional<Instant> lastChange, String why, Lease lease) {}

  private final KubernetesClient client;
  private final KubernetesTarget target;
  private final Clock clock;

  WorkloadLease(KubernetesClient client, KubernetesTarget target, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.target = Objects.requireNonNull(target, "target");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Takes or renews the Lease of {@code service}'s workload.
   *
   * @throws KubernetesClientException for an API error other than a lost race (403, 5xx)
   */
  Claim claim(String service) {
    String name = target.leaseName(service);
    Instant now = clock.instant();
    ZonedDateTime stamp = ZonedDateTime.ofInstant(now, ZoneOffset.UTC);
    int seconds = (int) target.leaseDuration().toSeconds();
    Lease lease = client.leases().inNamespace(target.namespace()).withName(name).get();
    if (lease == null) {
      Lease created =
          new LeaseBuilder()
              .withNewMetadata()
              .withName(name)
              .withNamespace(target.namespace())
              .endMetadata()
              .withNewSpec()
              .withHolderIdentity(target.identity())
              .withAcquireTime(stamp)
              .withRenewTime(stamp)
              .withLeaseDurationSeconds(seconds)
              .withLeaseTransitions(0)
              .endSpec()
              .build();
      try {
        return new Claim(
            true,
            Optional.empty(),
            "created lease " + name,
            client.leases().inNamespace(target.namespace()).resource(created).create());
      } catch (KubernetesClientException e) {
        if (e.getCode() == 409) {
          return new Claim(
              false, Optional.empty(), "another replica created lease " + name + " first", null);
        }
        throw e;
      }
    }
    String holder = lease.getSpec().getHolderIdentity();
    Optional<Instant> lastChange = lastChange(lease);
    if (holder != null && !holder.equals(target.identity())) {
      ZonedDateTime renewed = lease.getSpec().getRenewTime();
      Integer duration = lease.getSpec().getLeaseDurationSeconds();
      Instant until =
          renewed == null
              ? Instant.EPOCH
              : renewed.toInstant().plusSeconds(duration == null ? 0 : duration);
      if (until.isAfter(now)) {
        return new Claim(
            false,
            lastChange,
            "lease " + name + " is held by " + holder + " until " + until,
            lease);
      }
    }
    boolean takeover = !target.identity().equals(holder);
    lease.getSpec().setHolderIdentity(target.identity());
    lease.getSpec().setRenewTime(stamp);
    lease.getSpec().setLeaseDurationSeconds(seconds);
    if (takeover) {
      lease.getSpec().setAcquireTime(stamp);
      Integer transitions = lease.getSpec().getLeaseTransitions();
      lease.getSpec().setLeaseTransitions(transitions == null ? 1 : transitions + 1);
    }
    try {
      Lease written = client.leases().inNamespace(target.namespace()).resource(lease).update();
      return new Claim(
          true,
          lastChange,
          (takeover ? "took lease " + name + " over from " + holder : "renewed lease " + name),
          written);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return new Claim(false, lastChange, "another replica wrote lease " + name + " first", null);
      }
      throw e;
    }
  }

  /** Writes the time of a scale change into the Lease we hold; best effort. */
  void recordChange(Lease held, Instant at) {
    Map<String, String> annotations =
        held.getMetadata().getAnnotations() == null
            ? new HashMap<>()
            : new HashMap<>(held.getMetadata().getAnnotations());
    annotations.put(LAST_CHANGE, at.toString());
    held.getMetadata().setAnnotations(annotations);
    client.leases().inNamespace(target.namespace()).resource(held).update();
  }

  private static Optional<Instant> lastChange(Lease lease) {
    Map<String, String> annotations = lease.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(LAST_CHANGE);
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(value));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
