package io.poolpilot.benchmarks.http;

import io.poolpilot.testsupport.OtlpReceiver;
import io.poolpilot.testsupport.OtlpReceiver.ExportCount;
import java.util.Map;

/**
 * Where the agents under test send their telemetry: a counting {@link OtlpReceiver}, which answers
 * {@code 200} with an empty body to every export {@code POST} whose path ends in {@code
 * /v1/traces}, {@code /v1/metrics} or {@code /v1/logs}, whatever comes before it, and {@code 404}
 * to anything else (so PoolPilot's control channel, finding no sidecar, backs off). It runs as a
 * process of its own so that receiving costs the measured service nothing; it does not decode what
 * it gets, but counts requests and bytes per path, so the benchmark can check that export really
 * happened and see how much each agent sends. {@code GET /stats} returns the counts, one {@code
 * path requests bytes} line per path.
 *
 * <p>Prints {@code port=<n>} once it accepts connections and runs until killed.
 */
public final class OtlpSink {
  private OtlpSink() {}

  public static void main(String[] args) throws InterruptedException {
    OtlpReceiver sink = OtlpReceiver.startCountingOnly();
    sink.serve("/stats", "text/plain; charset=utf-8", () -> stats(sink.exportCounts()));
    System.out.println("port=" + sink.port());
    System.out.flush();
    Thread.currentThread().join();
  }

  private static String stats(Map<String, ExportCount> counts) {
    StringBuilder out = new StringBuilder();
    counts.forEach(
        (path, count) ->
            out.append(path)
                .append(' ')
                .append(count.requests())
                .append(' ')
                .append(count.bytes())
                .append('\n'));
    return out.toString();
  }
}
