package io.poolpilot.agent.control;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.poolpilot.agent.config.Durations;
import io.poolpilot.agent.pool.ResizeResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The JSON of docs/protocol.md, written and read with Jackson's streaming API. */
public final class ControlMessages {
  public static final int PROTOCOL = 1;

  private static final JsonFactory JSON = new JsonFactory();

  private ControlMessages() {}

  /** Who is asking: the same service name and instance id as the agent's telemetry. */
  public record AgentIdentity(
      String serviceName, String instanceId, String agentVersion, String mode) {}

  /** A live pool as the agent reports it. */
  public record PoolReport(
      String name,
      int core,
      int max,
      int originalCore,
      int originalMax,
      boolean resizable,
      String refusal) {}

  /** One message from the agent. */
  public record AgentReport(
      AgentIdentity identity,
      long sequence,
      long appliedVersion,
      String appliedHash,
      List<PoolReport> pools,
      List<ResizeResult> results) {}

  /** Sizes the sidecar wants for one pool. */
  public record DesiredPool(String pool, int core, int max) {}

  /** The sidecar's answer: the whole desired state, versioned. */
  public record DesiredState(
      long version, String hash, List<DesiredPool> desired, Duration pollInterval) {
    public DesiredState {
      desired = List.copyOf(desired);
    }
  }

  public static byte[] encode(AgentReport report) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("protocol", PROTOCOL);
      g.writeObjectFieldStart("instance");
      g.writeStringField("serviceName", report.identity().serviceName());
      g.writeStringField("instanceId", report.identity().instanceId());
      g.writeStringField("agentVersion", report.identity().agentVersion());
      g.writeStringField("mode", report.identity().mode());
      g.writeEndObject();
      g.writeNumberField("sequence", report.sequence());
      g.writeNumberField("appliedVersion", report.appliedVersion());
      g.writeStringField("appliedHash", report.appliedHash());
      g.writeArrayFieldStart("pools");
      for (PoolReport pool : report.pools()) {
        g.writeStartObject();
        g.writeStringField("name", pool.name());
        g.writeNumberField("core", pool.core());
        g.writeNumberField("max", pool.max());
        g.writeNumberField("originalCore", pool.originalCore());
        g.writeNumberField("originalMax", pool.originalMax());
        g.writeBooleanField("resizable", pool.resizable());
        g.writeStringField("refusal", pool.refusal());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("results");
      for (ResizeResult result : report.results()) {
        g.writeStartObject();
        g.writeStringField("pool", result.pool());
        g.writeBooleanField("applied", result.applied());
        g.writeNumberField("core", result.core());
        g.writeNumberField("max", result.max());
        g.writeStringField("reason", result.reason());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * Reads the sidecar's answer. Unknown fields are skipped, so a newer sidecar can add some.
   *
   * @throws IllegalArgumentException naming what is missing or malformed
   */
  public static DesiredState decode(byte[] body) {
    long version = -1;
    String hash = null;
    List<DesiredPool> desired = null;
    Duration pollInterval = null;
    try (JsonParser p = JSON.createParser(body)) {
      expect(p.nextToken(), JsonToken.START_OBJECT, "the answer");
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "protocol" -> {
            expect(value, JsonToken.VALUE_NUMBER_INT, "protocol");
            if (p.getIntValue() != PROTOCOL) {
              throw new IllegalArgumentException(
                  "protocol " + p.getIntValue() + " is not the agent's " + PROTOCOL);
            }
          }
          case "version" -> {
            expect(value, JsonToken.VALUE_NUMBER_INT, "version");
            version = p.getLongValue();
          }
          case "hash" -> {
            if (value == JsonToken.VALUE_STRING) {
              hash = p.getText();
            } else if (value != JsonToken.VALUE_NULL) {
              throw new IllegalArgumentException(
                  "'hash' should be a string, found " + describe(value));
            }
          }
          case "desired" -> desired = readDesired(p, value);
          case "pollInterval" -> {
            expect(value, JsonToken.VALUE_STRING, "pollInterval");
            pollInterval = Durations.parse(p.getText());
          }
          default -> p.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
    }
    if (version < 0) {
      throw new IllegalArgumentException("no 'version' (a non-negative integer)");
    }
    if (desired == null) {
      throw new IllegalArgumentException("no 'desired' list");
    }
    return new DesiredState(version, hash == null ? "" : hash, desired, pollInterval);
  }

  private static List<DesiredPool> readDesired(JsonParser p, JsonToken start) throws IOException {
    expect(start, JsonToken.START_ARRAY, "desired");
    List<DesiredPool> desired = new ArrayList<>();
    for (JsonToken next = p.nextToken(); next != JsonToken.END_ARRAY; next = p.nextToken()) {
      expect(next, JsonToken.START_OBJECT, "desired[" + desired.size() + "]");
      String pool = null;
      Integer core = null;
      Integer max = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "pool" -> {
            expect(value, JsonToken.VALUE_STRING, "desired[].pool");
            pool = p.getText();
          }
          case "core" -> {
            expect(value, JsonToken.VALUE_NUMBER_INT, "desired[].core");
            core = p.getIntValue();
          }
          case "max" -> {
            expect(value, JsonToken.VALUE_NUMBER_INT, "desired[].max");
            max = p.getIntValue();
          }
          default -> p.skipChildren();
        }
      }
      if (pool == null || core == null || max == null) {
        throw new IllegalArgumentException("a desired entry needs 'pool', 'core' and 'max'");
      }
      desired.add(new DesiredPool(pool, core, max));
    }
    return desired;
  }

  private static void expect(JsonToken actual, JsonToken expected, String what) {
    if (actual != expected) {
      throw new IllegalArgumentException(
          "'" + what + "' should be " + describe(expected) + ", found " + describe(actual));
    }
  }

  private static String describe(JsonToken token) {
    if (token == null) {
      return "the end of the body";
    }
    return switch (token) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT -> "an integer";
      default -> token.asString() == null ? token.name() : "'" + token.asString() + "'";
    };
  }
}
