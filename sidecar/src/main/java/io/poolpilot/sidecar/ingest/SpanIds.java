package io.poolpilot.sidecar.ingest;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Checks a span's ids against the OTLP trace data model: a trace id of exactly 16 bytes and a span
 * id of exactly 8, neither all zero (the proto calls such ids invalid, as W3C Trace Context does),
 * and a parent span id that is either empty (a root span) or 8 bytes. A span that fails cannot be
 * put into a trace: every sender's all-zero trace id would merge unrelated spans into one trace,
 * and a short id would be shown as a trace no other tool can look up.
 */
final class SpanIds {

  static final int TRACE_ID_BYTES = 16;
  static final int SPAN_ID_BYTES = 8;

  /** Longest span name quoted in a message: enough to find the span, not a whole attack body. */
  private static final int NAME_CHARS = 80;

  private static final HexFormat HEX = HexFormat.of();

  private SpanIds() {}

  /** What is wrong with {@code span}'s ids, naming the id, its value and what was expected. */
  static Optional<String> problem(Span span) {
    if (!valid(span.getTraceId(), TRACE_ID_BYTES)) {
      return Optional.of(invalid("trace id", span.getTraceId(), span, TRACE_ID_BYTES));
    }
    if (!valid(span.getSpanId(), SPAN_ID_BYTES)) {
      return Optional.of(invalid("span id", span.getSpanId(), span, SPAN_ID_BYTES));
    }
    ByteString parent = span.getParentSpanId();
    if (!parent.isEmpty() && parent.size() != SPAN_ID_BYTES) {
      return Optional.of(
          "invalid parent span id '"
              + HEX.formatHex(parent.toByteArray())
              + "' ("
              + parent.size()
              + " bytes) in span '"
              + name(span)
              + "': expected none or "
              + SPAN_ID_BYTES
              + " bytes");
    }
    return Optional.empty();
  }

  private static boolean valid(ByteString id, int bytes) {
    if (id.size() != bytes) {
      return false;
    }
    for (int i = 0; i < bytes; i++) {
      if (id.byteAt(i) != 0) {
        return true;
      }
    }
    return false;
  }

  private static String invalid(String what, ByteString id, Span span, int bytes) {
    return "invalid "
        + what
        + " '"
        + HEX.formatHex(id.toByteArray())
        + "' ("
        + id.size()
        + " bytes) in span '"
        + name(span)
        + "': expected "
        + bytes
        + " bytes, not all zero";
  }

  private static String name(Span span) {
    String name = span.getName();
    return name.length() <= NAME_CHARS ? name : name.substring(0, NAME_CHARS) + "...";
  }
}
