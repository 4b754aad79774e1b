package io.poolpilot.sidecar.capacity;

import io.poolpilot.sidecar.config.SidecarConfig;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * Run by {@link ShadedKubernetesIT} on the shaded jar's class path (plus this class only): builds
 * the providers from sidecar flags as the sidecar does and sends one request. Uses no test
 * dependency, so whatever fabric8 needs must come from the jar.
 */
public final class ShadedKubernetesProbe {

  private ShadedKubernetesProbe() {}

  public static void main(String[] args) throws Exception {
    SidecarConfig config = SidecarConfig.load(List.of(args), Map.of());
    PrintStream out = System.out;
    List<CapacityProvider> providers =
        CapacityProviders.create(config.capacity(), out, Clock.systemUTC(), Map.of());
    CapacityRequest request =
        new CapacityRequest(
            Instant.now(),
            "orders",
            "probe",
            "up",
            1.5,
            OptionalInt.of(2),
            OptionalInt.of(3),
            "probe",
            "orders-up-probe");
    boolean ok = true;
    for (CapacityProvider provider : providers) {
      ProviderOutcome outcome = provider.request(request).get(60, TimeUnit.SECONDS);
      out.println(
          "outcome " + outcome.provider() + " ok=" + outcome.ok() + ": " + outcome.detail());
      ok &= outcome.ok();
      provider.close();
    }
    out.flush();
    System.exit(ok ? 0 : 1);
  }
}
