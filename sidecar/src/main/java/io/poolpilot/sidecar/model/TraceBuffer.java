package io.poolpilot.sidecar.model;

import io.poolpilot.protocol.TelemetryNames;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Predicate;

/**
 * Recent spans, grouped by trace, for the UI's trace view.
 *
 * <p>Admitted at a rate: at most {@code spansPerSecond} spans a second that start a trace, with the
 * rest of each kept trace ({@link SpanAdmission}); the others are counted as not kept. Then bounded
 * twice: at most {@code maxSpans} spans and at most {@code maxBytes} of them, counting each span's
 * encoded bytes and {@link #SPAN_OVERHEAD_BYTES}. Whichever bound a new span would cross, the
 * oldest spans (by arrival) go first until both hold again, so a burst of large spans cannot
 * outgrow the memory a quiet one would use. A span larger than {@code maxBytes} on its own is not
 * kept. A trace whose spans have all gone is forgotten.
 *
 * <p>Each span is held as one byte array ({@link SpanCodec}) and decoded when the page asks for it:
 * the held spans outlive young collections, so what they are made of is what the old generation has
 * to hold and a full collection has to trace.
 *
 * <p>Thread-safe: ingest writes and the API reads from different event loops.
 */
public final class TraceBuffer {

  /** Enough for minutes of a busy node's traces at the default rate. */
  public static final int DEFAULT_MAX_SPANS = 20_000;

  /**
   * 8 MiB: a twelfth of the 96 MiB heap the sidecar ships with, so that traces, which are for
   * looking at, cannot crowd out the pools' model, which the tuner needs. That is about 14,000
   * spans of the benchmark's replay (about 600 bytes each as held).
   */
  public static final long DEFAULT_MAX_BYTES = 8L * 1024 * 1024;

  /**
   * 100 spans a second that start a trace: more than a person reads, and with {@link
   * #DEFAULT_MAX_SPANS} over three minutes of them.
   */
  public static final int DEFAULT_SPANS_PER_SECOND = 100;

  /**
   * What a held span costs beyond its encoded bytes: the array's header and its slot in the queue
   * (24 bytes), and its trace's entry in the count of spans per trace (about 150 bytes, the entry
   * and the trace id's string), which a trace of one span, the common case at a node, pays alone.
   * {@code TraceBufferProbe} measured 581 bytes of heap a replay span against 406 encoded.
   */
  static final long SPAN_OVERHEAD_BYTES = 176;

  private final int maxSpans;
  private final long maxBytes;
  private final SpanAdmission admission;
  private final Deque<byte[]> spans = new ArrayDeque<>();

  /** Spans held per trace id. */
  private final Map<String, Integer> traceSpans = new HashMap<>();

  private long bytes;
  private long evicted;
  private long notKept;

  /**
   * What the buffer holds, and how many spans it has let go.
   *
   * @param evicted spans let go, oldest first, to stay within the bounds
   * @param notKept spans over the rate the buffer keeps (still recorded in the routes and
   *     forwarded)
   */
  public record Stats(int spans, int traces, long bytes, long evicted, long notKept) {}

  public TraceBuffer() {
    this(DEFAULT_MAX_SPANS, DEFAULT_MAX_BYTES, DEFAULT_SPANS_PER_SECOND, Clock.systemUTC());
  }

  /** A buffer of {@code settings}' bytes and rate, and at most {@link #DEFAULT_MAX_SPANS}. */
  public TraceBuffer(TraceSettings settings, Clock clock) {
    this(DEFAULT_MAX_SPANS, settings.maxBytes(), settings.spansPerSecond(), clock);
  }

  public TraceBuffer(int maxSpans, long maxBytes, int spansPerSecond, Clock clock) {
    if (maxSpans < 1) {
      throw new IllegalArgumentException("maxSpans " + maxSpans + " is below 1");
    }
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes " + maxBytes + " is below 1");
    }
    this.maxSpans = maxSpans;
    this.maxBytes = maxBytes;
    this.admission = new SpanAdmission(spansPerSecond, clock);
  }

  /** Adds spans in the order given, letting the oldest go as the bounds require. */
  public synchronized void add(List<SpanRecord> batch) {
    for (SpanRecord span : batch) {
      if (!admission.admit(span.traceId())) {
        notKept++;
        continue;
      }
      byte[] encoded = SpanCodec.encode(span);
      long size = sizeOf(encoded);
      if (size > maxBytes) {
        evicted++;
        continue;
      }
      while (spans.size() >= maxSpans || bytes + size > maxBytes) {
        evictOldest();
      }
      spans.addLast(encoded);
      bytes += size;
      traceSpans.merge(span.traceId(), 1, Integer::sum);
    }
  }

  private static long sizeOf(byte[] encoded) {
    return encoded.length + SPAN_OVERHEAD_BYTES;
  }

  private void evictOldest() {
    byte[] oldest = spans.removeFirst();
    bytes -= sizeOf(oldest);
    evicted++;
    traceSpans.computeIfPresent(
        SpanCodec.traceId(oldest), (id, held) -> held == 1 ? null : held - 1);
  }

  /**
   * Summaries of the traces most recently added to, newest first.
   *
   * @param service only traces with a span of this service; empty for all
   */
  public List<TraceSummary> recent(Optional<String> service, int limit) {
    return recent(service, summary -> true, limit);
  }

  /**
   * Summaries of the traces most recently added to that {@code matches} keeps, newest first: a
   * search over every trace held, not only the latest {@code limit}.
   *
   * @param service only traces with a span of this service; empty for all
   */
  public List<TraceSummary> recent(
      Optional<String> service, Predicate<TraceSummary> matches, int limit) {
    List<TraceSummary> summaries = new ArrayList<>(Math.min(limit, 64));
    for (List<byte[]> trace : byTraceNewestFirst().values()) {
      if (summaries.size() >= limit) {
        break;
      }
      if (service.isEmpty()
          || trace.stream().anyMatch(span -> SpanCodec.service(span).equals(service.get()))) {
        TraceSummary summary = summarize(decode(trace));
        if (matches.test(summary)) {
          summaries.add(summary);
        }
      }
    }
    return List.copyOf(summaries);
  }

  /**
   * The held spans grouped by trace, the trace most recently added to first; each trace's spans
   * oldest first. Copies the references under the lock, so decoding runs without it.
   */
  private Map<String, List<byte[]>> byTraceNewestFirst() {
    List<byte[]> held;
    synchronized (this) {
      held = new ArrayList<>(spans);
    }
    Map<String, List<byte[]>> traces = new LinkedHashMap<>();
    for (int i = held.size() - 1; i >= 0; i--) {
      byte[] span = held.get(i);
      traces.computeIfAbsent(SpanCodec.traceId(span), id -> new ArrayList<>()).add(span);
    }
    traces.values().forEach(Collections::reverse);
    return traces;
  }

  private static List<SpanRecord> decode(List<byte[]> trace) {
    List<SpanRecord> decoded = new ArrayList<>(trace.size());
    for (byte[] span : trace) {
      decoded.add(SpanCodec.decode(span));
    }
    return decoded;
  }

  /** The spans of one trace, by start time; empty if none is held. */
  public Optional<List<SpanRecord>> trace(String traceId) {
    List<byte[]> held;
    synchronized (this) {
      if (!traceSpans.containsKey(traceId)) {
        return Optional.empty();
      }
      held = new ArrayList<>(spans);
    }
    List<SpanRecord> sorted = new ArrayList<>();
    for (byte[] span : held) {
      if (SpanCodec.traceId(span).equals(traceId)) {
        sorted.add(SpanCodec.decode(span));
      }
    }
    if (sorted.isEmpty()) {
      return Optional.empty();
    }
    sorted.sort(Comparator.comparingLong(SpanRecord::startTimeUnixNano));
    return Optional.of(List.copyOf(sorted));
  }

  public synchronized Stats stats() {
    return new Stats(spans.size(), traceSpans.size(), bytes, evicted, notKept);
  }

  private static TraceSummary summarize(List<SpanRecord> trace) {
    SpanRecord root = null;
    long start = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    boolean failed = false;
    for (SpanRecord span : trace) {
      start = Math.min(start, span.startTimeUnixNano());
      end = Math.max(end, span.endTimeUnixNano());
      failed |= span.status().equals("ERROR");
      if (root == null
          || (span.root() && !root.root())
          || (span.root() == root.root() && span.startTimeUnixNano() < root.startTimeUnixNano())) {
        root = span;
      }
    }
    SpanRecord pooled = withExecutor(trace, root);
    return new TraceSummary(
        root.traceId(),
        root.name(),
        root.service(),
        start,
        SpanRecord.elapsedNanos(start, end),
        failed ? "ERROR" : root.status(),
        trace.size(),
        pooled == null ? Optional.empty() : pooled.attribute(TelemetryNames.EXECUTOR_NAME),
        pooled == null ? OptionalDouble.empty() : pooled.number(TelemetryNames.QUEUE_WAIT));
  }

  /** The root if it names its pool, else the first server span that does, else any span. */
  private static SpanRecord withExecutor(List<SpanRecord> trace, SpanRecord root) {
    if (root.attributes().containsKey(TelemetryNames.EXECUTOR_NAME)) {
      return root;
    }
    SpanRecord any = null;
    for (SpanRecord span : trace) {
      if (span.attributes().containsKey(TelemetryNames.EXECUTOR_NAME)) {
        if (span.server()) {
          return span;
        }
        any = any == null ? span : any;
      }
    }
    return any;
  }
}
