package io.poolpilot.agent.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.resources.Resource;
import io.poolpilot.agent.config.AgentConfig;
import io.poolpilot.protocol.TelemetryNames;
import java.net.InetAddress;

/** The OpenTelemetry resource that names this JVM in everything the agent exports. */
public final class AgentResource {
  private AgentResource() {}

  /**
   * @param instanceId this JVM's {@code service.instance.id}, which the control channel uses too
   */
  public static Resource create(AgentConfig config, String agentVersion, String instanceId) {
    AttributesBuilder attrs = Attributes.builder();
    config.resourceAttributes().forEach(attrs::put);
    attrs.put(AttributeKey.stringKey(TelemetryNames.SERVICE_NAME), config.serviceName());
    attrs.put(AttributeKey.stringKey(TelemetryNames.SERVICE_INSTANCE_ID), instanceId);
    attrs.put(AttributeKey.longKey("process.pid"), ProcessHandle.current().pid());
    attrs.put(AttributeKey.stringKey("host.name"), hostName());
    attrs.put(AttributeKey.stringKey(TelemetryNames.DISTRO_NAME), TelemetryNames.DISTRO);
    attrs.put(AttributeKey.stringKey(TelemetryNames.DISTRO_VERSION), agentVersion);
    return Resource.getDefault().merge(Resource.create(attrs.build()));
  }

  private static String hostName() {
    String fromEnv = System.getenv("HOSTNAME");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "unknown";
    }
  }
}
