package io.poolpilot.sidecar.capacity;

import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * Carries a capacity request to the platform: a log line, a webhook, a command, the Kubernetes API.
 * Several may be configured; each gets every request.
 */
public interface CapacityProvider extends AutoCloseable {

  /** The name in {@code capacity.providers}. */
  String name();

  /**
   * Carries out one request. Must not block the caller: slow work runs elsewhere. The future never
   * fails; a failure is an outcome that is not ok.
   */
  CompletableFuture<ProviderOutcome> request(CapacityRequest request);

  /** The replica count this provider last read from the platform; empty if it does not read one. */
  default OptionalInt observedReplicas() {
    return OptionalInt.empty();
  }

  @Override
  default void close() {}
}
