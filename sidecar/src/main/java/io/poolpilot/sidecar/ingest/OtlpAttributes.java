package io.poolpilot.sidecar.ingest;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.poolpilot.protocol.TelemetryNames;
import io.poolpilot.sidecar.model.InstanceKey;
import java.util.List;
import java.util.Optional;

/** Reading OTLP attribute lists, shared by the metric and the span extractors. */
final class OtlpAttributes {

  /**
   * The service of a resource without {@code service.name}: what the OpenTelemetry SDKs name it, so
   * its data is shown under the name its sender would use.
   */
  static final String UNKNOWN_SERVICE = "unknown_service";

  private OtlpAttributes() {}

  /**
   * The process a resource's attributes describe: its {@code service.name}, else {@link
   * #UNKNOWN_SERVICE}, and its {@code service.instance.id}, else empty.
   */
  static InstanceKey instanceKey(List<KeyValue> resource) {
    return new InstanceKey(
        string(resource, TelemetryNames.SERVICE_NAME).orElse(UNKNOWN_SERVICE),
        string(resource, TelemetryNames.SERVICE_INSTANCE_ID).orElse(""));
  }

  /** The resource's {@code telemetry.distro.name}, empty when it names none. */
  static String distro(List<KeyValue> resource) {
    return string(resource, TelemetryNames.DISTRO_NAME).orElse("");
  }

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
