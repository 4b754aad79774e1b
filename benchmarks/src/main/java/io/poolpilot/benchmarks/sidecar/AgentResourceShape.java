package io.poolpilot.benchmarks.sidecar;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.poolpilot.protocol.TelemetryNames;

/**
 * The resource the agent puts on every export ({@code agent/.../telemetry/AgentResource}): the
 * SDK's defaults merged with the service, the instance, the process id, the host and the distro.
 */
final class AgentResourceShape {
  private AgentResourceShape() {}

  static Resource of(String service, String instanceId, long pid) {
    return Resource.newBuilder()
        .addAttributes(string("telemetry.sdk.language", "java"))
        .addAttributes(string("telemetry.sdk.name", "opentelemetry"))
        .addAttributes(string("telemetry.sdk.version", "1.68.0"))
        .addAttributes(string(TelemetryNames.SERVICE_NAME, service))
        .addAttributes(string(TelemetryNames.SERVICE_INSTANCE_ID, instanceId))
        .addAttributes(
            KeyValue.newBuilder()
                .setKey("process.pid")
                .setValue(AnyValue.newBuilder().setIntValue(10_000 + pid)))
        .addAttributes(string("host.name", "bench-node"))
        .addAttributes(string(TelemetryNames.DISTRO_NAME, TelemetryNames.DISTRO))
        .addAttributes(string(TelemetryNames.DISTRO_VERSION, ReplayedAgent.AGENT_VERSION))
        .build();
  }

  static KeyValue string(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }
}
