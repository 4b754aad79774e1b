package io.poolpilot.sidecar.capacity;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The workload the kubernetes provider scales and the Lease its replicas share.
 *
 * @param namespace the workload's namespace
 * @param kind a Deployment or a StatefulSet
 * @param name the workload's name; empty means the service's name
 * @param lease the Lease's name; empty means {@code poolpilot-<workload>}
 * @param identity this sidecar's name in the Lease, unique among the workload's pods (the pod's
 *     name)
 * @param leaseDuration how long a holder keeps the Lease without renewing it: the change window, so
 *     that a second replica cannot take it over and change the scale again within the window
 */
public record KubernetesTarget(
    String namespace,
    Kind kind,
    Optional<String> name,
    Optional<String> lease,
    String identity,
    Duration leaseDuration) {

  /** The kinds with a scale subresource that the provider patches. */
  public enum Kind {
    DEPLOYMENT,
    STATEFULSET;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Kind> parse(String text) {
      String key = text.strip().toLowerCase(Locale.ROOT);
      for (Kind kind : values()) {
        if (kind.key().equals(key)) {
          return Optional.of(kind);
        }
      }
      return Optional.empty();
    }
  }

  public KubernetesTarget {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(leaseDuration, "leaseDuration");
    if (leaseDuration.toSeconds() < 1) {
      throw new IllegalArgumentException("leaseDuration " + leaseDuration + " is under 1 s");
    }
  }

  public String workload(String service) {
    return name.orElse(service);
  }

  public String leaseName(String service) {
    return lease.orElse("poolpilot-" + workload(service));
  }
}
