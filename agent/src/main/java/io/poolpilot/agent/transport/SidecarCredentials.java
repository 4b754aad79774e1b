package io.poolpilot.agent.transport;

import io.poolpilot.protocol.control.ControlProtocol;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * What the agent proves itself to the sidecar with, on every control message and every OTLP export
 * alike: the bearer token it was given (none when it was given none) and its session, a random
 * secret drawn once per JVM. The sidecar binds this JVM's instance id to the session on the first
 * authenticated message, so no other process (even one holding the token) can send control or
 * telemetry in this JVM's name ({@code docs/security.md}).
 *
 * @param token the bearer token, or null
 * @param session this JVM's session secret
 */
public record SidecarCredentials(String token, String session) {

  public SidecarCredentials {
    Objects.requireNonNull(session, "session");
  }

  /** Credentials with a new random session: 122 bits from the JDK's {@code SecureRandom}. */
  public static SidecarCredentials withNewSession(String token) {
    return new SidecarCredentials(token, UUID.randomUUID().toString());
  }

  /** The request headers that carry them. */
  public Map<String, String> headers() {
    Map<String, String> headers = new LinkedHashMap<>();
    if (token != null) {
      headers.put("Authorization", "Bearer " + token);
    }
    headers.put(ControlProtocol.SESSION_HEADER, session);
    return headers;
  }

  /** Never the secrets: a record's default would print both. */
  @Override
  public String toString() {
    return "SidecarCredentials[token=" + (token == null ? "none" : "set") + ", session=set]";
  }
}
