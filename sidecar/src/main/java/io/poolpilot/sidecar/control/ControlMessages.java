package io.poolpilot.sidecar.control;

import static io.poolpilot.protocol.control.ControlProtocol.*;

import io.poolpilot.protocol.control.AgentIdentity;
import io.poolpilot.protocol.control.AgentReport;
import io.poolpilot.protocol.control.ApplyResult;
import io.poolpilot.protocol.control.ControlProtocol;
import io.poolpilot.protocol.control.DesiredState;
import io.poolpilot.protocol.control.ReportedPool;
import io.poolpilot.protocol.control.WireDurations;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the agent's control message and writes the sidecar's answer, in the JSON of {@code
 * docs/protocol.md}. Reading is strict about what the sidecar uses (each problem names the field by
 * its path, such as {@code pools[2].core}, what it held and what was expected) and ignores keys it
 * does not know, so a newer agent can add some.
 */
public final class ControlMessages {

  /** A message the sidecar cannot use; the message says why. */
  public static final class BadMessage extends Exception {
    private static final long serialVersionUID = 1L;

    BadMessage(String message) {
      super(message);
    }
  }

  private ControlMessages() {}

  /**
   * Reads one agent-to-sidecar message. Every number is range-checked before anything uses it: the
   * sequence up to {@link ControlProtocol#MAX_SEQUENCE}, the applied version no further ahead of
   * {@code nowMillis} than {@link ControlProtocol#MAX_VERSION_AHEAD} (no sidecar issued a version
   * beyond that, and one near {@code Long.MAX_VALUE} would overflow the next version), sizes from 0
   * to {@code Integer.MAX_VALUE}, and every text up to {@link ControlProtocol#MAX_TEXT_LENGTH}.
   *
   * @param nowMillis the sidecar's clock, which bounds the applied version
   */
  public static AgentReport parse(Buffer body, long nowMillis) throws BadMessage {
    if (body == null || body.length() == 0) {
      throw new BadMessage("the body is empty, expected a JSON object");
    }
    Object decoded;
    try {
      decoded = Json.decodeValue(body);
    } catch (DecodeException e) {
      throw new BadMessage("the body is not valid JSON: " + e.getMessage());
    }
    if (!(decoded instanceof JsonObject message)) {
      throw new BadMessage("the body is " + kind(decoded) + ", expected a JSON object");
    }
    long protocol = whole(message, PROTOCOL, PROTOCOL, 0);
    if (protocol != ControlProtocol.VERSION) {
      throw new BadMessage(
          "protocol " + protocol + " is not supported, expected " + ControlProtocol.VERSION);
    }
    JsonObject instance = object(message, INSTANCE, INSTANCE);
    String service = text(instance, SERVICE_NAME, INSTANCE + "." + SERVICE_NAME, false);
    String instanceId = text(instance, INSTANCE_ID, INSTANCE + "." + INSTANCE_ID, false);
    String agentVersion = optionalText(instance, AGENT_VERSION, INSTANCE + "." + AGENT_VERSION);
    String mode = optionalText(instance, MODE, INSTANCE + "." + MODE);
    long sequence = whole(message, SEQUENCE, SEQUENCE, 1, ControlProtocol.MAX_SEQUENCE);
    long appliedVersion =
        message.containsKey(APPLIED_VERSION)
            ? whole(
                message,
                APPLIED_VERSION,
                APPLIED_VERSION,
                0,
                nowMillis + ControlProtocol.MAX_VERSION_AHEAD.toMillis())
            : 0;
    String appliedHash = optionalText(message, APPLIED_HASH, APPLIED_HASH);
    List<ReportedPool> pools = pools(message);
    List<ApplyResult> results = results(message);
    try {
      return new AgentReport(
          new AgentIdentity(service, instanceId, agentVersion, mode),
          sequence,
          appliedVersion,
          appliedHash,
          pools,
          results);
    } catch (IllegalArgumentException e) {
      // The checks above catch what the records refuse; this keeps any they missed a 400.
      throw new BadMessage(e.getMessage());
    }
  }

  /** The sidecar-to-agent answer: {@code state} as JSON. */
  public static JsonObject answer(DesiredState state) {
    JsonArray desired = new JsonArray();
    state
        .desired()
        .forEach(
            pool ->
                desired.add(
                    new JsonObject()
                        .put(POOL, pool.pool())
                        .put(CORE, pool.core())
                        .put(MAX, pool.max())));
    JsonObject answer =
        new JsonObject()
            .put(PROTOCOL, ControlProtocol.VERSION)
            .put(VERSION_KEY, state.version())
            .put(HASH, state.hash())
            .put(DESIRED, desired);
    state.pollInterval().ifPresent(poll -> answer.put(POLL_INTERVAL, WireDurations.format(poll)));
    return answer;
  }

  private static List<ReportedPool> pools(JsonObject message) throws BadMessage {
    JsonArray array = array(message, POOLS);
    List<ReportedPool> pools = new ArrayList<>(array.size());
    Set<String> names = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      String path = POOLS + "[" + i + "]";
      JsonObject pool = element(array, i, path);
      String name = text(pool, NAME, path + "." + NAME, false);
      if (!names.add(name)) {
        throw new BadMessage(path + ".name '" + name + "' is listed twice");
      }
      pools.add(
          new ReportedPool(
              name,
              size(pool, CORE, path),
              size(pool, MAX, path),
              size(pool, ORIGINAL_CORE, path),
              size(pool, ORIGINAL_MAX, path),
              bool(pool, RESIZABLE, path + "." + RESIZABLE),
              Optional.ofNullable(optionalTextOrNull(pool, REFUSAL, path + "." + REFUSAL))));
    }
    return pools;
  }

  private static List<ApplyResult> results(JsonObject message) throws BadMessage {
    JsonArray array = array(message, RESULTS);
    List<ApplyResult> results = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      String path = RESULTS + "[" + i + "]";
      JsonObject result = element(array, i, path);
      results.add(
          new ApplyResult(
              text(result, POOL, path + "." + POOL, false),
              bool(result, APPLIED, path + "." + APPLIED),
              size(result, CORE, path),
              size(result, MAX, path),
              optionalText(result, REASON, path + "." + REASON)));
    }
    return results;
  }

  private static JsonArray array(JsonObject message, String key) throws BadMessage {
    Object value = message.getValue(key);
    if (value == null) {
      return new JsonArray();
    }
    if (!(value instanceof JsonArray array)) {
      throw new BadMessage(key + " is " + kind(value) + ", expected a JSON array");
    }
    return array;
  }

  private static JsonObject element(JsonArray array, int i, String path) throws BadMessage {
    Object value = array.getValue(i);
    if (!(value instanceof JsonObject object)) {
      throw new BadMessage(path + " is " + kind(value) + ", expected a JSON object");
    }
    return object;
  }

  private static JsonObject object(JsonObject json, String key, String path) throws BadMessage {
    Object value = json.getValue(key);
    if (!(value instanceof JsonObject object)) {
      throw new BadMessage(path + " is " + kind(value) + ", expected a JSON object");
    }
    return object;
  }

  private static String text(JsonObject json, String key, String path, boolean emptyAllowed)
      throws BadMessage {
    Object value = json.getValue(key);
    if (!(value instanceof String text)
        || (!emptyAllowed && text.isEmpty())
        || text.length() > ControlProtocol.MAX_TEXT_LENGTH) {
      throw new BadMessage(
          path
              + " is "
              + kind(value)
              + (value instanceof String text && text.length() > ControlProtocol.MAX_TEXT_LENGTH
                  ? " (" + text.length() + " characters)"
                  : "")
              + ", expected a"
              + (emptyAllowed ? "" : " non-empty")
              + " string of at most "
              + ControlProtocol.MAX_TEXT_LENGTH
              + " characters");
    }
    return text;
  }

  private static String optionalText(JsonObject json, String key, String path) throws BadMessage {
    String text = optionalTextOrNull(json, key, path);
    return text == null ? "" : text;
  }

  private static String optionalTextOrNull(JsonObject json, String key, String path)
      throws BadMessage {
    return json.getValue(key) == null ? null : text(json, key, path, true);
  }

  private static boolean bool(JsonObject json, String key, String path) throws BadMessage {
    Object value = json.getValue(key);
    if (!(value instanceof Boolean bool)) {
      throw new BadMessage(path + " is " + kind(value) + ", expected true or false");
    }
    return bool;
  }

  private static int size(JsonObject json, String key, String parent) throws BadMessage {
    return (int) whole(json, key, parent + "." + key, 0, Integer.MAX_VALUE);
  }

  private static long whole(JsonObject json, String key, String path, long min) throws BadMessage {
    return whole(json, key, path, min, Long.MAX_VALUE);
  }

  private static long whole(JsonObject json, String key, String path, long min, long max)
      throws BadMessage {
    Object value = json.getValue(key);
    boolean integral = value instanceof Integer || value instanceof Long || value instanceof Short;
    if (!integral || ((Number) value).longValue() < min || ((Number) value).longValue() > max) {
      throw new BadMessage(
          path + " is " + kind(value) + ", expected a whole number from " + min + " to " + max);
    }
    return ((Number) value).longValue();
  }

  /** The offending value as the error message shows it. */
  private static String kind(Object value) {
    if (value == null) {
      return "missing";
    }
    if (value instanceof JsonObject) {
      return "an object";
    }
    if (value instanceof JsonArray) {
      return "an array";
    }
    if (value instanceof String text) {
      String shown = text.length() > 40 ? text.substring(0, 40) + "…" : text;
      return "\"" + shown + "\"";
    }
    return String.valueOf(value);
  }
}
