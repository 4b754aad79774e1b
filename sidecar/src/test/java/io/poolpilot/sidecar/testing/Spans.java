package io.poolpilot.sidecar.testing;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.poolpilot.sidecar.model.SpanRecord;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** Spans for tests: as the model keeps them, and as real OTLP trace exports. */
public final class Spans {

  public static final long START_NANOS = 1_700_000_000_000_000_000L;

  private Spans() {}

  /** A span of {@code service} in trace {@code trace} (a number, made into a 32-digit hex id). */
  public static SpanRecord span(
      String service, int trace, int span, int parent, String kind, long durationMillis) {
    return span(service, trace, span, parent, kind, durationMillis, "UNSET", Map.of());
  }

  public static SpanRecord span(
      String service,
      int trace,
      int span,
      int parent,
      String kind,
      long durationMillis,
      String status,
      Map<String, Object> attributes) {
    long start = START_NANOS + span * 1_000_000L;
    return new SpanRecord(
        traceId(trace),
        String.format("%016x", span),
        parent == 0 ? "" : String.format("%016x", parent),
        "span-" + span,
        kind,
        service,
        "i-1",
        start,
        start + durationMillis * 1_000_000L,
        status,
        "",
        attributes);
  }

  /** A server span of one HTTP request with its route and pool. */
  public static SpanRecord request(
      String service, int trace, String method, String route, long millis, int statusCode) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("http.request.method", method);
    attributes.put("http.route", route);
    attributes.put("http.response.status_code", (long) statusCode);
    return span(service, trace, 1, 0, "SERVER", millis, "UNSET", attributes);
  }

  public static String traceId(int trace) {
    return String.format("%032x", trace);
  }

  /** An OTLP export of one server span, from a resource with the given attributes. */
  public static ExportTraceServiceRequest export(
      Map<String, String> resource, int trace, String name, Map<String, Object> attributes) {
    Resource.Builder res = Resource.newBuilder();
    resource.forEach((key, value) -> res.addAttributes(kv(key, value)));
    Span.Builder span =
        Span.newBuilder()
            .setTraceId(ByteString.copyFrom(HexFormat.of().parseHex(traceId(trace))))
            .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex("00000000000000a1")))
            .setName(name)
            .setKind(Span.SpanKind.SPAN_KIND_SERVER)
            .setStartTimeUnixNano(START_NANOS)
            .setEndTimeUnixNano(START_NANOS + 25_000_000L)
            .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_UNSET));
    attributes.forEach((key, value) -> span.addAttributes(kv(key, value)));
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(res)
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(span)))
        .build();
  }

  private static KeyValue kv(String key, Object value) {
    AnyValue.Builder any = AnyValue.newBuilder();
    if (value instanceof Long number) {
      any.setIntValue(number);
    } else if (value instanceof Double number) {
      any.setDoubleValue(number);
    } else {
      any.setStringValue(String.valueOf(value));
    }
    return KeyValue.newBuilder().setKey(key).setValue(any).build();
  }
}
