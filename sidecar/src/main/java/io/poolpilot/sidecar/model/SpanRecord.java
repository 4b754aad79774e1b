package io.poolpilot.sidecar.model;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * One span as the sidecar keeps it for the UI: ids in OTLP/JSON's lower-case hex, the sending
 * process, timing, status and attributes. Events and links are not kept: the trace view shows where
 * time went, and they would only add to every span's size.
 *
 * @param parentSpanId empty for a root span
 * @param kind OTLP's span kind without its prefix: {@code SERVER}, {@code CLIENT}, {@code
 *     INTERNAL}, {@code PRODUCER}, {@code CONSUMER} or {@code UNSPECIFIED}
 * @param status {@code UNSET}, {@code OK} or {@code ERROR}
 * @param attributes string, boolean, integer (as {@link Long}) and finite floating-point (as {@link
 *     Double}) values; arrays and maps as their text
 */
public record SpanRecord(
    String traceId,
    String spanId,
    String parentSpanId,
    String name,
    String kind,
    String service,
    String instance,
    long startTimeUnixNano,
    long endTimeUnixNano,
    String status,
    String statusMessage,
    Map<String, Object> attributes) {

  public SpanRecord {
    Objects.requireNonNull(traceId, "traceId");
    Objects.requireNonNull(spanId, "spanId");
    Objects.requireNonNull(parentSpanId, "parentSpanId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(instance, "instance");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(statusMessage, "statusMessage");
    if (traceId.isEmpty()) {
      throw new IllegalArgumentException("trace id is empty");
    }
    attributes.forEach(
        (key, value) -> {
          if (value instanceof Double number && !Double.isFinite(number)) {
            throw new IllegalArgumentException(
                "attribute " + key + " is " + number + ", expected a finite number or text");
          }
        });
    attributes = Collections.unmodifiableMap(new TreeMap<>(attributes));
  }

  public boolean server() {
    return kind.equals("SERVER");
  }

  public boolean root() {
    return parentSpanId.isEmpty();
  }

  /** End minus start, 0 for a span whose clock went backwards. */
  public long durationNanos() {
    return elapsedNanos(startTimeUnixNano, endTimeUnixNano);
  }

  /** {@code end - start}, 0 when that is negative or does not fit a long. */
  static long elapsedNanos(long start, long end) {
    long elapsed = end - start;
    boolean overflowed = ((end ^ start) & (end ^ elapsed)) < 0;
    return overflowed ? 0 : Math.max(0, elapsed);
  }

  /** An attribute's value as text, empty when absent. */
  public Optional<String> attribute(String key) {
    Object value = attributes.get(key);
    return value == null ? Optional.empty() : Optional.of(value.toString());
  }

  /** An attribute's value as a finite number, empty when absent, not a number or not finite. */
  public OptionalDouble number(String key) {
    Object value = attributes.get(key);
    double number;
    if (value instanceof Number given) {
      number = given.doubleValue();
    } else if (value instanceof String text) {
      try {
        number = Double.parseDouble(text);
      } catch (NumberFormatException e) {
        return OptionalDouble.empty();
      }
    } else {
      return OptionalDouble.empty();
    }
    return Double.isFinite(number) ? OptionalDouble.of(number) : OptionalDouble.empty();
  }
}
