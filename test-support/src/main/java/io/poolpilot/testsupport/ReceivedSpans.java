package io.poolpilot.testsupport;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** The spans an {@link OtlpReceiver} had received at one moment, decoded, with look-ups. */
public final class ReceivedSpans {
  /** One span with the {@code service.name} of the resource that sent it. */
  public record Received(String service, Span span) {
    public String name() {
      return span.getName();
    }

    public String traceId() {
      return HexFormat.of().formatHex(span.getTraceId().toByteArray());
    }

    public String spanId() {
      return HexFormat.of().formatHex(span.getSpanId().toByteArray());
    }

    /** The parent span's id in hex, or the empty string for a root span. */
    public String parentSpanId() {
      return HexFormat.of().formatHex(span.getParentSpanId().toByteArray());
    }

    public Span.SpanKind kind() {
      return span.getKind();
    }

    public Optional<AnyValue> attribute(String key) {
      return find(span.getAttributesList(), key);
    }

    public String string(String key) {
      return attribute(key).map(AnyValue::getStringValue).orElse(null);
    }

    public Long integer(String key) {
      return attribute(key).map(AnyValue::getIntValue).orElse(null);
    }

    public Double real(String key) {
      return attribute(key).map(AnyValue::getDoubleValue).orElse(null);
    }

    public boolean isError() {
      return span.getStatus().getCode()
          == io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR;
    }

    public List<String> eventNames() {
      return span.getEventsList().stream().map(Span.Event::getName).toList();
    }

    public double durationSeconds() {
      return (span.getEndTimeUnixNano() - span.getStartTimeUnixNano()) / 1e9;
    }

    @Override
    public String toString() {
      return service
          + ":"
          + span.getKind()
          + " '"
          + span.getName()
          + "' trace="
          + traceId()
          + " span="
          + spanId()
          + " parent="
          + parentSpanId()
          + " "
          + span.getAttributesList().stream()
              .map(kv -> kv.getKey() + "=" + kv.getValue().toString().trim())
              .toList();
    }
  }

  private final List<Received> spans;

  ReceivedSpans(List<ExportTraceServiceRequest> requests) {
    List<Received> all = new ArrayList<>();
    for (ExportTraceServiceRequest request : requests) {
      for (ResourceSpans rs : request.getResourceSpansList()) {
        String service =
            find(rs.getResource().getAttributesList(), "service.name")
                .map(AnyValue::getStringValue)
                .orElse(null);
        for (ScopeSpans ss : rs.getScopeSpansList()) {
          for (Span span : ss.getSpansList()) {
            all.add(new Received(service, span));
          }
        }
      }
    }
    this.spans = List.copyOf(all);
  }

  public List<Received> all() {
    return spans;
  }

  public List<Received> where(Predicate<Received> test) {
    return spans.stream().filter(test).toList();
  }

  public List<Received> named(String name) {
    return where(s -> s.name().equals(name));
  }

  /** The spans of one trace whose parent is {@code parent}. */
  public List<Received> childrenOf(Received parent) {
    return where(
        s -> s.traceId().equals(parent.traceId()) && s.parentSpanId().equals(parent.spanId()));
  }

  private static Optional<AnyValue> find(List<KeyValue> attributes, String key) {
    return attributes.stream()
        .filter(kv -> kv.getKey().equals(key))
        .map(KeyValue::getValue)
        .findFirst();
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(spans.size() + " spans:");
    spans.forEach(s -> out.append("\n  ").append(s));
    return out.toString();
  }
}
