package io.poolpilot.sidecar.ingest;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.List;
import java.util.Optional;

/** Reading OTLP attribute lists, shared by the metric and the span extractors. */
final class OtlpAttributes {
  private OtlpAttributes() {}

  /** The non-empty string value of {@code key}, if the list has one. */
  static Optional<String> string(List<KeyValue> attributes, String key) {
    for (KeyValue attribute : attributes) {
      if (attribute.getKey().equals(key)
          && attribute.getValue().getValueCase() == AnyValue.ValueCase.STRING_VALUE
          && !attribute.getValue().getStringValue().isEmpty()) {
        return Optional.of(attribute.getValue().getStringValue());
      }
    }
    return Optional.empty();
  }
}
