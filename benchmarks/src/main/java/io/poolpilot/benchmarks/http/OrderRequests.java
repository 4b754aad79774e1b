package io.poolpilot.benchmarks.http;

/**
 * The requests the load generators send to {@link OrderService}: {@code GET /orders?customer=<n>}
 * for a rotating set of customers, prepared once, so that every order differs (as real traffic's
 * do) while the generator spends nothing on building requests.
 */
final class OrderRequests {
  static final int CUSTOMERS = 128;

  private final byte[][] requests = new byte[CUSTOMERS][];

  OrderRequests(int port) {
    for (int i = 0; i < CUSTOMERS; i++) {
      requests[i] = HttpConnection.get(port, "/orders?customer=" + (1_000 + i));
    }
  }

  /** The request for the {@code n}th call. */
  byte[] get(long n) {
    return requests[(int) Math.floorMod(n, (long) CUSTOMERS)];
  }
}
