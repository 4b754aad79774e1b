package io.poolpilot.sidecar.model;

import io.poolpilot.protocol.TelemetryNames;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Predicate;

/**
 * The most recent spans, grouped by trace, for the UI's trace view.
 *
 * <p>Bounded twice: at most {@code maxSpans} spans and at most {@code maxBytes} of them by {@link
 * SpanRecord#estimatedBytes()}. Whichever bound a new span would cross, the oldest spans (by
 * arrival) go first until both hold again, so a burst of large spans cannot outgrow the memory a
 * quiet one would use. A span larger than {@code maxBytes} on its own is not kept. A trace whose
 * spans have all gone is forgotten.
 *
 * <p>Thread-safe: ingest writes and the API reads from different event loops.
 */
public final class TraceBuffer {

  /** Enough for a few minutes of a busy service's traces. */
  public static final int DEFAULT_MAX_SPANS = 20_000;

  /**
   * 8 MiB: a twelfth of the 96 MiB heap the sidecar ships with, so that traces, which are for
   * looking at, cannot crowd out the pools' model, which the tuner needs. That is about 5,000 spans
   * at 1.6 KB a span; the span count binds only for spans under about 420 bytes.
   */
  public static final long DEFAULT_MAX_BYTES = 8L * 1024 * 1024;

  private final int maxSpans;
  private final long maxBytes;
  private final Deque<SpanRecord> spans = new ArrayDeque<>();

  /** By trace id, least recently added to first: a new span moves its trace to the end. */
  private final LinkedHashMap<String, Deque<SpanRecord>> traces = new LinkedHashMap<>();

  private long bytes;
  private long evicted;

  /** What the buffer holds, and how many spans it has let go. */
  public record Stats(int spans, int traces, long bytes, long evicted) {}

  public TraceBuffer() {
    this(DEFAULT_MAX_SPANS, DEFAULT_MAX_BYTES);
  }

  public TraceBuffer(int maxSpans, long maxBytes) {
    if (maxSpans < 1) {
      throw new IllegalArgumentException("maxSpans " + maxSpans + " is below 1");
    }
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes " + maxBytes + " is below 1");
    }
    this.maxSpans = maxSpans;
    this.maxBytes = maxBytes;
  }

  /** Adds spans in the order given, letting the oldest go as the bounds require. */
  public synchronized void add(List<SpanRecord> batch) {
    for (SpanRecord span : batch) {
      long size = span.estimatedBytes();
      if (size > maxBytes) {
        evicted++;
        continue;
      }
      while (spans.size() >= maxSpans || bytes + size > maxBytes) {
        evictOldest();
      }
      spans.addLast(span);
      bytes += size;
      Deque<SpanRecord> trace = traces.remove(span.traceId());
      if (trace == null) {
        trace = new ArrayDeque<>();
      }
      trace.addLast(span);
      traces.put(span.traceId(), trace);
    }
  }

  private void evictOldest() {
    SpanRecord oldest = spans.removeFirst();
    bytes -= oldest.estimatedBytes();
    evicted++;
    Deque<SpanRecord> trace = traces.get(oldest.traceId());
    // Spans leave in arrival order, so a trace's oldest span is the buffer's oldest of that trace.
    trace.removeFirst();
    if (trace.isEmpty()) {
      traces.remove(oldest.traceId());
    }
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
  public synchronized List<TraceSummary> recent(
      Optional<String> service, Predicate<TraceSummary> matches, int limit) {
    List<Deque<SpanRecord>> all = new ArrayList<>(traces.values());
    List<TraceSummary> summaries = new ArrayList<>(Math.min(limit, all.size()));
    for (int i = all.size() - 1; i >= 0 && summaries.size() < limit; i--) {
      Deque<SpanRecord> trace = all.get(i);
      if (service.isEmpty()
          || trace.stream().anyMatch(span -> span.service().equals(service.get()))) {
        TraceSummary summary = summarize(trace);
        if (matches.test(summary)) {
          summaries.add(summary);
        }
      }
    }
    return List.copyOf(summaries);
  }

  /** The spans of one trace, by start time; empty if none is held. */
  public synchronized Optional<List<SpanRecord>> trace(String traceId) {
    Deque<SpanRecord> trace = traces.get(traceId);
    if (trace == null) {
      return Optional.empty();
    }
    List<SpanRecord> sorted = new ArrayList<>(trace);
    sorted.sort(Comparator.comparingLong(SpanRecord::startTimeUnixNano));
    return Optional.of(List.copyOf(sorted));
  }

  public synchronized Stats stats() {
    return new Stats(spans.size(), traces.size(), bytes, evicted);
  }

  private static TraceSummary summarize(Deque<SpanRecord> trace) {
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
  private static SpanRecord withExecutor(Deque<SpanRecord> trace, SpanRecord root) {
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
