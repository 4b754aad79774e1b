package io.poolpilot.sidecar.ingest;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.poolpilot.sidecar.model.InstanceKey;
import io.poolpilot.sidecar.model.SpanRecord;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns an OTLP trace export into {@link SpanRecord}s, from any sender: the service and instance
 * come from each resource, ids become lower-case hex as in OTLP/JSON. A span whose ids are invalid
 * ({@link SpanIds}) cannot be put into a trace and is refused; nothing else about a span is
 * required. A floating-point attribute that is not finite ({@code NaN}, {@code Infinity}) is kept
 * as its text, so no number the model reads from spans (such as {@code poolpilot.queue.wait}) can
 * be one.
 */
public final class SpanExtractor {

  /** Longest attribute text kept; longer values are cut, so one span cannot fill the buffer. */
  static final int MAX_VALUE_CHARS = 4096;

  /** Most attributes kept per span; the rest are left out. */
  static final int MAX_ATTRIBUTES = 128;

  private static final HexFormat HEX = HexFormat.of();

  /**
   * The spans of a request, plus every process in it with its {@code telemetry.distro.name}.
   *
   * @param refused spans with invalid ids, left out of {@code spans}
   * @param firstRefusal why the first of them was refused; null when none was
   */
  public record Extraction(
      List<SpanRecord> spans, Map<InstanceKey, String> senders, int refused, String firstRefusal) {

    public Extraction {
      spans = List.copyOf(spans);
      senders = Map.copyOf(senders);
    }
  }

  public Extraction extract(ExportTraceServiceRequest request) {
    List<SpanRecord> spans = new ArrayList<>();
    Map<InstanceKey, String> senders = new LinkedHashMap<>();
    int refused = 0;
    String firstRefusal = null;
    for (ResourceSpans resource : request.getResourceSpansList()) {
      List<KeyValue> attributes = resource.getResource().getAttributesList();
      InstanceKey sender = OtlpAttributes.instanceKey(attributes);
      senders.put(sender, OtlpAttributes.distro(attributes));
      for (ScopeSpans scope : resource.getScopeSpansList()) {
        for (Span span : scope.getSpansList()) {
          Optional<String> problem = SpanIds.problem(span);
          if (problem.isPresent()) {
            refused++;
            firstRefusal = firstRefusal == null ? problem.get() : firstRefusal;
            continue;
          }
          spans.add(record(span, sender.service(), sender.instance()));
        }
      }
    }
    return new Extraction(spans, senders, refused, firstRefusal);
  }

  private static SpanRecord record(Span span, String service, String instance) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    for (KeyValue attribute : span.getAttributesList()) {
      if (attributes.size() >= MAX_ATTRIBUTES) {
        break;
      }
      attributes.put(attribute.getKey(), value(attribute.getValue()));
    }
    return new SpanRecord(
        hex(span.getTraceId()),
        hex(span.getSpanId()),
        hex(span.getParentSpanId()),
        cut(span.getName()),
        span.getKind().name().replace("SPAN_KIND_", ""),
        service,
        instance,
        span.getStartTimeUnixNano(),
        span.getEndTimeUnixNano(),
        status(span.getStatus()),
        cut(span.getStatus().getMessage()),
        attributes);
  }

  private static String status(Status status) {
    return switch (status.getCode()) {
      case STATUS_CODE_OK -> "OK";
      case STATUS_CODE_ERROR -> "ERROR";
      default -> "UNSET";
    };
  }

  private static Object value(AnyValue value) {
    return switch (value.getValueCase()) {
      case STRING_VALUE -> cut(value.getStringValue());
      case BOOL_VALUE -> value.getBoolValue();
      case INT_VALUE -> value.getIntValue();
      case DOUBLE_VALUE -> {
        double number = value.getDoubleValue();
        yield Double.isFinite(number) ? (Object) number : String.valueOf(number);
      }
      case ARRAY_VALUE ->
          cut(
              value.getArrayValue().getValuesList().stream()
                  .map(element -> String.valueOf(value(element)))
                  .collect(Collectors.joining(", ", "[", "]")));
      case KVLIST_VALUE ->
          cut(
              value.getKvlistValue().getValuesList().stream()
                  .map(kv -> kv.getKey() + "=" + value(kv.getValue()))
                  .collect(Collectors.joining(", ", "{", "}")));
      case BYTES_VALUE -> cut(hex(value.getBytesValue()));
      default -> "";
    };
  }

  private static String hex(ByteString bytes) {
    return HEX.formatHex(bytes.toByteArray());
  }

  private static String cut(String text) {
    return text.length() <= MAX_VALUE_CHARS ? text : text.substring(0, MAX_VALUE_CHARS);
  }
}
