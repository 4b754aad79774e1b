package io.poolpilot.sidecar.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

class SpanIdsTest {

  private static final ByteString TRACE = ByteString.fromHex("5b8efff798038103d269b633813fc60c");
  private static final ByteString SPAN = ByteString.fromHex("eee19b7ec3c1b174");

  @Test
  void acceptsARootSpanAndAChildSpanWithWellFormedIds() {
    assertThat(SpanIds.problem(span(TRACE, SPAN, ByteString.EMPTY))).isEmpty();
    assertThat(SpanIds.problem(span(TRACE, SPAN, ByteString.fromHex("0000000000000001"))))
        .isEmpty();
  }

  @Test
  void refusesAnAllZeroTraceIdNamingItsValue() {
    assertThat(SpanIds.problem(span(ByteString.copyFrom(new byte[16]), SPAN, ByteString.EMPTY)))
        .contains(
            "invalid trace id '00000000000000000000000000000000' (16 bytes) in span 'GET /x':"
                + " expected 16 bytes, not all zero");
  }

  @Test
  void refusesAShortLongOrMissingTraceId() {
    assertThat(
            SpanIds.problem(span(ByteString.fromHex("5b8efff798038103"), SPAN, ByteString.EMPTY)))
        .hasValueSatisfying(
            why -> assertThat(why).startsWith("invalid trace id '5b8efff798038103' (8 bytes)"));
    assertThat(SpanIds.problem(span(TRACE.concat(TRACE), SPAN, ByteString.EMPTY)))
        .hasValueSatisfying(why -> assertThat(why).contains("(32 bytes)"));
    assertThat(SpanIds.problem(span(ByteString.EMPTY, SPAN, ByteString.EMPTY)))
        .hasValueSatisfying(why -> assertThat(why).startsWith("invalid trace id '' (0 bytes)"));
  }

  @Test
  void refusesAnAllZeroOrShortSpanId() {
    assertThat(SpanIds.problem(span(TRACE, ByteString.copyFrom(new byte[8]), ByteString.EMPTY)))
        .contains(
            "invalid span id '0000000000000000' (8 bytes) in span 'GET /x':"
                + " expected 8 bytes, not all zero");
    assertThat(SpanIds.problem(span(TRACE, ByteString.fromHex("eee1"), ByteString.EMPTY)))
        .hasValueSatisfying(why -> assertThat(why).startsWith("invalid span id 'eee1' (2 bytes)"));
  }

  @Test
  void refusesAParentSpanIdThatIsNeitherEmptyNorEightBytes() {
    assertThat(SpanIds.problem(span(TRACE, SPAN, ByteString.fromHex("01"))))
        .contains(
            "invalid parent span id '01' (1 bytes) in span 'GET /x': expected none or 8 bytes");
  }

  @Test
  void quotesOnlyTheStartOfAVeryLongSpanName() {
    Span span =
        span(ByteString.EMPTY, SPAN, ByteString.EMPTY).toBuilder()
            .setName("x".repeat(10_000))
            .build();

    assertThat(SpanIds.problem(span))
        .hasValueSatisfying(why -> assertThat(why).hasSizeLessThan(200).contains("x..."));
  }

  private static Span span(ByteString trace, ByteString span, ByteString parent) {
    return Span.newBuilder()
        .setTraceId(trace)
        .setSpanId(span)
        .setParentSpanId(parent)
        .setName("GET /x")
        .build();
  }
}
