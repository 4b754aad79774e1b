package io.poolpilot.benchmarks.http;

import java.io.IOException;
import java.util.Locale;

/**
 * The HTTP benchmark's load generators on their own, for driving one {@link OrderService} from a
 * script (as {@code benchmarks/profile-http.sh} does while a profiler watches the service):
 *
 * <pre>
 * LoadDriver &lt;port&gt; saturate &lt;seconds&gt;          closed loop, 32 connections
 * LoadDriver &lt;port&gt; rate &lt;per second&gt; &lt;seconds&gt;  open loop, 8 connections
 * </pre>
 *
 * Prints one line: requests answered, failed, and for the fixed rate the p99 latency and the
 * generator's own send lag.
 */
public final class LoadDriver {
  private LoadDriver() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length < 3) {
      throw new IllegalArgumentException(
          "usage: LoadDriver <port> saturate <seconds> | LoadDriver <port> rate <n> <seconds>");
    }
    int port = Integer.parseInt(args[0]);
    RequestMix requests =
        AppUnderTest.orderService(System.getProperty("java.class.path")).requests(port);
    switch (args[1]) {
      case "saturate" -> {
        try (SaturationLoad load =
            new SaturationLoad(port, requests, BenchmarkSettings.SATURATION_CONNECTIONS)) {
          SaturationLoad.Result r = load.run(Double.parseDouble(args[2]));
          System.out.printf(
              Locale.ROOT, "ok=%d failed=%d seconds=%.1f%n", r.ok(), r.failed(), r.seconds());
        }
      }
      case "rate" -> {
        if (args.length < 4) {
          throw new IllegalArgumentException("usage: LoadDriver <port> rate <n> <seconds>");
        }
        try (FixedRateLoad load =
            new FixedRateLoad(port, requests, BenchmarkSettings.FIXED_RATE_CONNECTIONS)) {
          FixedRateLoad.Result r =
              load.run(Double.parseDouble(args[2]), Double.parseDouble(args[3]));
          System.out.printf(
              Locale.ROOT,
              "ok=%d failed=%d p99_ms=%.2f send_lag_p99_us=%d%n",
              r.ok(),
              r.failed(),
              r.latency().getValueAtPercentile(99) / 1e3,
              r.lag().getValueAtPercentile(99));
        }
      }
      default -> throw new IllegalArgumentException("unknown mode '" + args[1] + "'");
    }
  }
}
