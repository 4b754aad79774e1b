package io.poolpilot.benchmarks.http;

import java.util.List;

/**
 * The {@code GET} requests a load generator sends to an application, prepared once and dealt in
 * rotation, so that the generator spends nothing on building requests while the application sees
 * varied traffic (as {@link AppUnderTest#requestPaths()} lists it).
 */
final class RequestMix {
  private final byte[][] requests;

  /** The requests for {@code paths} (path and query, such as {@code /orders?customer=1}). */
  RequestMix(int port, List<String> paths) {
    if (paths.isEmpty()) {
      throw new IllegalArgumentException("a request mix needs at least one path");
    }
    requests = new byte[paths.size()][];
    for (int i = 0; i < requests.length; i++) {
      requests[i] = HttpConnection.get(port, paths.get(i));
    }
  }

  /** The request for the {@code n}th call. */
  byte[] get(long n) {
    return requests[(int) Math.floorMod(n, (long) requests.length)];
  }
}
