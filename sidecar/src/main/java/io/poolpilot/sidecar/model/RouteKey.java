package io.poolpilot.sidecar.model;

import java.util.Comparator;
import java.util.Objects;

/** One HTTP route of a service: {@code http.request.method} and the {@code http.route} template. */
public record RouteKey(String service, String method, String route)
    implements Comparable<RouteKey> {

  private static final Comparator<RouteKey> ORDER =
      Comparator.comparing(RouteKey::service)
          .thenComparing(RouteKey::route)
          .thenComparing(RouteKey::method);

  public RouteKey {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(route, "route");
  }

  @Override
  public int compareTo(RouteKey other) {
    return ORDER.compare(this, other);
  }
}
