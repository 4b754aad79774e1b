package io.poolpilot.sidecar.capacity;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * What a provider did with one request, for the journal.
 *
 * @param provider the provider's name ({@code log}, {@code webhook}, {@code exec}, {@code
 *     kubernetes})
 * @param ok whether the request was carried out (or, for a provider that only passes it on,
 *     accepted)
 * @param replicas the replica count the provider saw after acting, when it knows
 * @param detail what happened: a status code, an exit code and output, an API error
 */
public record ProviderOutcome(String provider, boolean ok, OptionalInt replicas, String detail) {

  public ProviderOutcome {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(replicas, "replicas");
    Objects.requireNonNull(detail, "detail");
  }

  public static ProviderOutcome ok(String provider, String detail) {
    return new ProviderOutcome(provider, true, OptionalInt.empty(), detail);
  }

  public static ProviderOutcome failed(String provider, String detail) {
    return new ProviderOutcome(provider, false, OptionalInt.empty(), detail);
  }
}
