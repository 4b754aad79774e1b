package io.poolpilot.sidecar.model;

import io.poolpilot.protocol.TelemetryNames;
import io.poolpilot.testsupport.MutableClock;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Not a test: a probe of what the trace buffer holds for a node's sidecar, for docs/benchmarks.md
 * (section 4, run S11). Run after {@code mvn test-compile}, with the classpath of run S9:
 *
 * <pre>
 * java -XX:+UseSerialGC -Xmx384m -cp sidecar/target/test-classes:sidecar/target/classes:... \
 *     io.poolpilot.sidecar.model.TraceBufferProbe
 * </pre>
 *
 * <p>Spans shaped as the benchmark's replay sends them (a server span with ten HTTP and pool
 * attributes, each string made afresh as decoding makes it). Heap a span: used heap after a full
 * collection with 20,000 spans held, less before, once as {@link SpanRecord}s (what the buffer held
 * before its spans were encoded, less its per-trace deques) and once in a {@link TraceBuffer}. Then
 * a minute at the replay's 3,000 spans a second through a buffer with the default settings on a
 * clock the probe moves: spans kept a second, and held at the end.
 */
public final class TraceBufferProbe {

  private static final int SPANS = 20_000;
  private static final int OFFERED_PER_SECOND = 3_000;

  private TraceBufferProbe() {}

  public static void main(String[] args) {
    SplittableRandom random = new SplittableRandom(15);
    SpanRecord one = replaySpan(random, 0);
    System.out.printf("span: encoded %d bytes%n", SpanCodec.encode(one).length);

    long before = usedAfterGc();
    List<SpanRecord> asRecords = new ArrayList<>(SPANS);
    for (int i = 0; i < SPANS; i++) {
      asRecords.add(replaySpan(random, i));
    }
    long records = usedAfterGc() - before;
    System.out.printf(
        "held as SpanRecords: %.0f bytes a span (%d spans)%n",
        (double) records / SPANS, asRecords.size());
    asRecords = null;

    before = usedAfterGc();
    TraceBuffer buffer =
        new TraceBuffer(SPANS, Long.MAX_VALUE, Integer.MAX_VALUE, new MutableClock());
    for (int i = 0; i < SPANS; i++) {
      buffer.add(List.of(replaySpan(random, i)));
    }
    long encoded = usedAfterGc() - before;
    System.out.printf(
        "held in the TraceBuffer: %.0f bytes a span (the buffer counts %d, %d spans)%n",
        (double) encoded / SPANS, buffer.stats().bytes() / SPANS, buffer.stats().spans());
    buffer = null;

    MutableClock clock = new MutableClock(Instant.parse("2026-12-07T20:00:00Z"));
    TraceBuffer node = new TraceBuffer(TraceSettings.DEFAULTS, clock);
    long keptBefore = 0;
    for (int second = 0; second < 60; second++) {
      for (int k = 0; k < OFFERED_PER_SECOND / 3; k++) {
        // An export of one instance: three spans of three traces.
        node.add(List.of(replaySpan(random, 0), replaySpan(random, 1), replaySpan(random, 2)));
        clock.advance(Duration.ofNanos(1_000_000_000L / (OFFERED_PER_SECOND / 3)));
      }
      TraceBuffer.Stats stats = node.stats();
      long kept = stats.spans() + stats.evicted();
      if (second == 59) {
        System.out.printf(
            "at %d spans a second offered, default settings: %d kept in the last second, %d held"
                + " (%d KiB), %d not kept in the minute%n",
            OFFERED_PER_SECOND,
            kept - keptBefore,
            stats.spans(),
            stats.bytes() / 1024,
            stats.notKept());
      }
      keptBefore = kept;
    }
  }

  private static SpanRecord replaySpan(SplittableRandom random, int pool) {
    HexFormat hex = HexFormat.of();
    byte[] traceId = new byte[16];
    byte[] spanId = new byte[8];
    random.nextBytes(traceId);
    random.nextBytes(spanId);
    long end = 1_765_137_600_000_000_000L + random.nextLong(1_000_000_000_000L);
    Map<String, Object> attributes = new HashMap<>();
    attributes.put(fresh(TelemetryNames.HTTP_REQUEST_METHOD), fresh("GET"));
    attributes.put(fresh(TelemetryNames.HTTP_ROUTE), fresh("/items/{id}"));
    attributes.put(fresh(TelemetryNames.URL_PATH), "/items/" + random.nextInt(1000));
    attributes.put(fresh(TelemetryNames.URL_SCHEME), fresh("http"));
    attributes.put(fresh(TelemetryNames.SERVER_ADDRESS), fresh("localhost"));
    attributes.put(fresh(TelemetryNames.SERVER_PORT), 8080L);
    attributes.put(fresh(TelemetryNames.CLIENT_ADDRESS), fresh("10.0.0.7"));
    attributes.put(fresh(TelemetryNames.HTTP_RESPONSE_STATUS_CODE), Long.valueOf(200 + 0L * pool));
    attributes.put(fresh(TelemetryNames.EXECUTOR_NAME), "pool-" + pool % 10 + "-*");
    attributes.put(fresh(TelemetryNames.QUEUE_WAIT), random.nextDouble() * 0.01);
    return new SpanRecord(
        hex.formatHex(traceId),
        hex.formatHex(spanId),
        "",
        "GET /bench-svc-" + pool % 100 + "/items/{id}",
        fresh("SERVER"),
        "bench-svc-" + pool % 100,
        "instance-" + random.nextInt(1000) + "-0f8c2a51-6c1e-4a39",
        end - 1_000_000L - random.nextLong(20_000_000L),
        end,
        fresh("UNSET"),
        fresh(""),
        attributes);
  }

  /** A string as decoding makes it: its own object, not the constant. */
  private static String fresh(String text) {
    return new String(text.toCharArray());
  }

  private static long usedAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
