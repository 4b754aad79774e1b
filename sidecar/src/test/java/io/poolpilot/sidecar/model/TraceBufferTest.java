package io.poolpilot.sidecar.model;

import static io.poolpilot.sidecar.testing.Spans.span;
import static io.poolpilot.sidecar.testing.Spans.traceId;
import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.testsupport.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TraceBufferTest {

  private static final Clock FIXED =
      Clock.fixed(Instant.parse("2026-12-07T20:00:00Z"), ZoneOffset.UTC);

  /** A buffer with these bounds that keeps every span it is given, whatever the rate. */
  private static TraceBuffer unlimitedRate(int maxSpans, long maxBytes) {
    return new TraceBuffer(maxSpans, maxBytes, Integer.MAX_VALUE, FIXED);
  }

  @Test
  void holdsAtMostMaxSpansAndLetsTheOldestGoFirst() {
    TraceBuffer buffer = unlimitedRate(10, Long.MAX_VALUE);
    List<SpanRecord> spans = new ArrayList<>();
    for (int trace = 1; trace <= 25; trace++) {
      spans.add(span("orders", trace, 1, 0, "SERVER", 5));
    }

    buffer.add(spans);

    assertThat(buffer.stats().spans()).isEqualTo(10);
    assertThat(buffer.stats().evicted()).isEqualTo(15);
    assertThat(buffer.trace(traceId(15))).isEmpty();
    assertThat(buffer.trace(traceId(16))).isPresent();
    assertThat(buffer.recent(Optional.empty(), 100))
        .extracting(TraceSummary::traceId)
        .first()
        .isEqualTo(traceId(25));
  }

  @Test
  void aSearchLooksAtEveryTraceHeldNotOnlyTheLatest() {
    TraceBuffer buffer = new TraceBuffer();
    buffer.add(List.of(span("orders", 1, 1, 0, "SERVER", 900, "ERROR", Map.of())));
    for (int trace = 2; trace <= 50; trace++) {
      buffer.add(List.of(span("orders", trace, 1, 0, "SERVER", 5)));
    }

    List<TraceSummary> slow =
        buffer.recent(Optional.empty(), summary -> summary.durationNanos() >= 500_000_000L, 1);

    assertThat(slow).extracting(TraceSummary::traceId).containsExactly(traceId(1));
    assertThat(buffer.recent(Optional.empty(), summary -> true, 3))
        .extracting(TraceSummary::traceId)
        .containsExactly(traceId(50), traceId(49), traceId(48));
  }

  @Test
  void holdsAtMostMaxBytes() {
    TraceBuffer measuring = unlimitedRate(1000, Long.MAX_VALUE);
    measuring.add(List.of(span("orders", 1, 1, 0, "SERVER", 5)));
    long size = measuring.stats().bytes();
    TraceBuffer buffer = unlimitedRate(1000, 3 * size + size / 2);

    for (int trace = 1; trace <= 10; trace++) {
      buffer.add(List.of(span("orders", trace, 1, 0, "SERVER", 5)));
      assertThat(buffer.stats().bytes()).isLessThanOrEqualTo(3 * size + size / 2);
    }

    assertThat(buffer.stats().spans()).isEqualTo(3);
    assertThat(buffer.recent(Optional.empty(), 10))
        .extracting(TraceSummary::traceId)
        .containsExactly(traceId(10), traceId(9), traceId(8));
  }

  @Test
  void theDefaultBoundsHoldAtMostEightMebibytesOfLargeSpans() {
    TraceBuffer buffer =
        unlimitedRate(TraceBuffer.DEFAULT_MAX_SPANS, TraceBuffer.DEFAULT_MAX_BYTES);
    String attribute = "x".repeat(1000);
    for (int trace = 1; trace <= TraceBuffer.DEFAULT_MAX_SPANS; trace++) {
      buffer.add(
          List.of(span("orders", trace, 1, 0, "SERVER", 5, "UNSET", Map.of("payload", attribute))));
    }

    assertThat(buffer.stats().bytes()).isLessThanOrEqualTo(8L * 1024 * 1024);
    assertThat(buffer.stats().bytes()).isGreaterThan(7L * 1024 * 1024);
    assertThat(buffer.stats().spans()).isLessThan(TraceBuffer.DEFAULT_MAX_SPANS / 2);
  }

  @Test
  void aSpanLargerThanTheWholeBufferIsNotKept() {
    SpanRecord big =
        span("orders", 1, 1, 0, "SERVER", 5, "UNSET", Map.of("payload", "x".repeat(10_000)));
    TraceBuffer buffer = unlimitedRate(1000, 4096);
    buffer.add(List.of(span("orders", 2, 1, 0, "SERVER", 5), big));

    assertThat(buffer.stats().spans()).isEqualTo(1);
    assertThat(buffer.trace(traceId(2))).isPresent();
  }

  @Test
  void groupsSpansByTraceAndSummarizesFromTheRoot() {
    TraceBuffer buffer = new TraceBuffer();
    buffer.add(
        List.of(
            span("orders", 7, 3, 2, "CLIENT", 10),
            span(
                "orders",
                7,
                2,
                0,
                "SERVER",
                40,
                "UNSET",
                Map.of("jvm.executor.name", "http-nio-8080-exec-*", "poolpilot.queue.wait", 0.012)),
            span("billing", 7, 4, 3, "SERVER", 8, "ERROR", Map.of()),
            span("orders", 8, 1, 0, "SERVER", 5)));

    TraceSummary summary = buffer.recent(Optional.of("billing"), 10).get(0);

    assertThat(buffer.recent(Optional.of("billing"), 10)).hasSize(1);
    assertThat(summary.traceId()).isEqualTo(traceId(7));
    assertThat(summary.rootName()).isEqualTo("span-2");
    assertThat(summary.service()).isEqualTo("orders");
    assertThat(summary.spanCount()).isEqualTo(3);
    assertThat(summary.status()).isEqualTo("ERROR");
    assertThat(summary.executor()).hasValue("http-nio-8080-exec-*");
    assertThat(summary.queueWaitSeconds()).hasValue(0.012);
    assertThat(summary.durationNanos()).isEqualTo(40_000_000L);
    assertThat(buffer.trace(traceId(7)).get())
        .extracting(SpanRecord::spanId)
        .containsExactly("0000000000000002", "0000000000000003", "0000000000000004");
  }

  @Test
  void aTraceLeavesWhenItsLastSpanDoes() {
    TraceBuffer buffer = unlimitedRate(2, Long.MAX_VALUE);
    buffer.add(List.of(span("orders", 1, 1, 0, "SERVER", 5), span("orders", 1, 2, 1, "CLIENT", 5)));
    buffer.add(List.of(span("orders", 2, 1, 0, "SERVER", 5)));

    assertThat(buffer.trace(traceId(1)).get()).hasSize(1);
    buffer.add(List.of(span("orders", 3, 1, 0, "SERVER", 5)));

    assertThat(buffer.trace(traceId(1))).isEmpty();
    assertThat(buffer.stats().traces()).isEqualTo(2);
  }

  @Test
  void keepsAtMostTheConfiguredNewTracesASecondAndCountsTheRest() {
    MutableClock clock = new MutableClock(Instant.parse("2026-12-07T20:00:00.250Z"));
    TraceBuffer buffer = new TraceBuffer(1000, Long.MAX_VALUE, 3, clock);
    List<SpanRecord> spans = new ArrayList<>();
    for (int trace = 1; trace <= 5; trace++) {
      spans.add(span("orders", trace, 1, 0, "SERVER", 5));
    }

    buffer.add(spans);

    assertThat(buffer.stats().spans()).isEqualTo(3);
    assertThat(buffer.stats().notKept()).isEqualTo(2);
    assertThat(buffer.trace(traceId(3))).isPresent();
    assertThat(buffer.trace(traceId(4))).isEmpty();

    clock.advance(Duration.ofSeconds(1));
    buffer.add(List.of(span("orders", 6, 1, 0, "SERVER", 5)));

    assertThat(buffer.trace(traceId(6))).isPresent();
    assertThat(buffer.stats().notKept()).isEqualTo(2);
  }

  @Test
  void keepsTheLaterSpansOfAKeptTraceOverTheRate() {
    MutableClock clock = new MutableClock(Instant.parse("2026-12-07T20:00:00.250Z"));
    TraceBuffer buffer = new TraceBuffer(1000, Long.MAX_VALUE, 1, clock);
    buffer.add(List.of(span("orders", 1, 1, 0, "SERVER", 5), span("orders", 2, 1, 0, "SERVER", 5)));

    clock.advance(Duration.ofSeconds(1));
    buffer.add(List.of(span("orders", 3, 1, 0, "SERVER", 5), span("orders", 1, 2, 1, "CLIENT", 5)));
    clock.advance(Duration.ofSeconds(1));
    buffer.add(List.of(span("orders", 1, 3, 1, "CLIENT", 5)));

    assertThat(buffer.trace(traceId(1)).get()).hasSize(3);
    assertThat(buffer.trace(traceId(2))).isEmpty();
    assertThat(buffer.trace(traceId(3))).isPresent();
  }

  @Test
  void givesBackEverySpanFieldAndAttributeItWasGiven() {
    TraceBuffer buffer = unlimitedRate(10, Long.MAX_VALUE);
    SpanRecord given =
        new SpanRecord(
            traceId(9),
            "00000000000000aa",
            "00000000000000bb",
            "GET /orders/{id} \u00e9\u4e2d",
            "SERVER",
            "orders",
            "instance-1",
            1_765_000_000_000_000_000L,
            1_765_000_000_250_000_000L,
            "ERROR",
            "timed out",
            Map.of(
                "http.route",
                "/orders/{id}",
                "http.response.status_code",
                503L,
                "poolpilot.queue.wait",
                0.0125,
                "retried",
                true));

    buffer.add(List.of(given));

    assertThat(buffer.trace(traceId(9))).hasValue(List.of(given));
  }
}
