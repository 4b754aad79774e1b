package io.poolpilot.sidecar.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.poolpilot.sidecar.model.SpanRecord;
import io.poolpilot.sidecar.model.TraceBuffer;
import io.poolpilot.sidecar.model.TraceSummary;
import io.poolpilot.sidecar.testing.Spans;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** No number read from a span, as sent or as the model derives it, is anything but finite. */
class SpanNumbersTest {

  private final SpanExtractor extractor = new SpanExtractor();

  @Test
  void keepsANonFiniteAttributeAsItsTextNotAsANumber() {
    SpanRecord span =
        extract(
            Map.of(
                "poolpilot.queue.wait",
                Double.POSITIVE_INFINITY,
                "jvm.executor.name",
                "orders-*",
                "ratio",
                Double.NaN,
                "fine",
                0.25));

    assertThat(span.attributes())
        .containsEntry("poolpilot.queue.wait", "Infinity")
        .containsEntry("ratio", "NaN")
        .containsEntry("fine", 0.25);
    assertThat(span.number("poolpilot.queue.wait")).isEmpty();
    assertThat(span.number("fine")).hasValue(0.25);
  }

  @Test
  void aTraceListingShowsNoQueueWaitForOneThatIsNotFinite() {
    TraceBuffer buffer = new TraceBuffer();
    buffer.add(
        List.of(extract(Map.of("jvm.executor.name", "orders-*", "poolpilot.queue.wait", "1e999"))));

    TraceSummary summary = buffer.recent(Optional.empty(), 1).get(0);

    assertThat(summary.executor()).hasValue("orders-*");
    assertThat(summary.queueWaitSeconds()).isEmpty();
  }

  @Test
  void aSpanRecordRefusesANonFiniteNumber() {
    assertThatThrownBy(
            () ->
                Spans.span(
                    "orders", 1, 1, 0, "SERVER", 5, "UNSET", Map.of("x", Double.NEGATIVE_INFINITY)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("attribute x is -Infinity, expected a finite number or text");
  }

  @Test
  void aDurationThatDoesNotFitALongIsZero() {
    SpanRecord span =
        new SpanRecord(
            Spans.traceId(1),
            "01",
            "",
            "s",
            "SERVER",
            "orders",
            "i-1",
            Long.MAX_VALUE,
            Long.MIN_VALUE + 5,
            "UNSET",
            "",
            Map.of());
    SpanRecord wrapped =
        new SpanRecord(
            Spans.traceId(2),
            "02",
            "",
            "s",
            "SERVER",
            "orders",
            "i-1",
            -10,
            Long.MAX_VALUE,
            "UNSET",
            "",
            Map.of());

    assertThat(span.durationNanos()).isZero();
    assertThat(wrapped.durationNanos()).isZero();
    TraceBuffer buffer = new TraceBuffer();
    buffer.add(List.of(span));
    assertThat(buffer.recent(Optional.empty(), 1).get(0).durationNanos()).isZero();
  }

  private SpanRecord extract(Map<String, Object> attributes) {
    return extractor
        .extract(Spans.export(Map.of("service.name", "orders"), 7, "GET /orders", attributes))
        .spans()
        .get(0);
  }
}
