package io.poolpilot.sidecar.node;

import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code node.*} settings: what each service on the node declares it needs. Services not named
 * get {@link ServiceSpec#DEFAULT}.
 */
public record NodeSettings(Map<String, ServiceSpec> services) {

  /** Nobody declared: every service is {@code standard}, so the budget caps nobody. */
  public static final NodeSettings DEFAULTS = new NodeSettings(Map.of());

  public NodeSettings {
    services = Map.copyOf(services);
  }

  /** What {@code service} declared, or the default. */
  public ServiceSpec spec(String service) {
    return services.getOrDefault(service, ServiceSpec.DEFAULT);
  }

  /** The declarations by service name, in name order, for display. */
  public Map<String, ServiceSpec> sorted() {
    return new TreeMap<>(services);
  }
}
