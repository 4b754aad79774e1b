package io.poolpilot.agent.control;

import static io.poolpilot.protocol.control.ControlProtocol.AGENT_VERSION;
import static io.poolpilot.protocol.control.ControlProtocol.APPLIED;
import static io.poolpilot.protocol.control.ControlProtocol.APPLIED_HASH;
import static io.poolpilot.protocol.control.ControlProtocol.APPLIED_VERSION;
import static io.poolpilot.protocol.control.ControlProtocol.CORE;
import static io.poolpilot.protocol.control.ControlProtocol.DESIRED;
import static io.poolpilot.protocol.control.ControlProtocol.HASH;
import static io.poolpilot.protocol.control.ControlProtocol.INSTANCE;
import static io.poolpilot.protocol.control.ControlProtocol.INSTANCE_ID;
import static io.poolpilot.protocol.control.ControlProtocol.MAX;
import static io.poolpilot.protocol.control.ControlProtocol.MODE;
import static io.poolpilot.protocol.control.ControlProtocol.NAME;
import static io.poolpilot.protocol.control.ControlProtocol.ORIGINAL_CORE;
import static io.poolpilot.protocol.control.ControlProtocol.ORIGINAL_MAX;
import static io.poolpilot.protocol.control.ControlProtocol.POLL_INTERVAL;
import static io.poolpilot.protocol.control.ControlProtocol.POOL;
import static io.poolpilot.protocol.control.ControlProtocol.POOLS;
import static io.poolpilot.protocol.control.ControlProtocol.PROTOCOL;
import static io.poolpilot.protocol.control.ControlProtocol.REASON;
import static io.poolpilot.protocol.control.ControlProtocol.REFUSAL;
import static io.poolpilot.protocol.control.ControlProtocol.RESIZABLE;
import static io.poolpilot.protocol.control.ControlProtocol.RESULTS;
import static io.poolpilot.protocol.control.ControlProtocol.SEQUENCE;
import static io.poolpilot.protocol.control.ControlProtocol.SERVICE_NAME;
import static io.poolpilot.protocol.control.ControlProtocol.VERSION;
import static io.poolpilot.protocol.control.ControlProtocol.VERSION_KEY;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.poolpilot.protocol.control.AgentIdentity;
import io.poolpilot.protocol.control.AgentReport;
import io.poolpilot.protocol.control.ApplyResult;
import io.poolpilot.protocol.control.DesiredPool;
import io.poolpilot.protocol.control.DesiredState;
import io.poolpilot.protocol.control.ReportedPool;
import io.poolpilot.protocol.control.WireDurations;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The agent's codec for the protocol's messages ({@code docs/protocol.md}): it writes an {@link
 * AgentReport} and reads a {@link DesiredState} with Jackson's streaming API, under the key names
 * of {@link io.poolpilot.protocol.control.ControlProtocol}. The protocol module's golden messages
 * hold it to the same JSON as the sidecar's codec.
 *
 * <p>Reading is where the agent meets whatever came back, so every problem, from broken JSON to a
 * desired entry no pool can have (core below 1, max below core, a pool listed twice), becomes an
 * {@link IllegalArgumentException} naming it: the answer as a whole is garbage, and garbage counts
 * as an unreachable sidecar.
 */
public final class ControlMessages {

  private static final JsonFactory JSON = new JsonFactory();

  private ControlMessages() {}

  public static byte[] encode(AgentReport report) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField(PROTOCOL, VERSION);
      writeInstance(g, report.instance());
      g.writeNumberField(SEQUENCE, report.sequence());
      g.writeNumberField(APPLIED_VERSION, report.appliedVersion());
      g.writeStringField(APPLIED_HASH, report.appliedHash());
      g.writeArrayFieldStart(POOLS);
      for (ReportedPool pool : report.pools()) {
        g.writeStartObject();
        g.writeStringField(NAME, pool.name());
        g.writeNumberField(CORE, pool.core());
        g.writeNumberField(MAX, pool.max());
        g.writeNumberField(ORIGINAL_CORE, pool.originalCore());
        g.writeNumberField(ORIGINAL_MAX, pool.originalMax());
        g.writeBooleanField(RESIZABLE, pool.resizable());
        g.writeStringField(REFUSAL, pool.refusal().orElse(null));
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart(RESULTS);
      for (ApplyResult result : report.results()) {
        g.writeStartObject();
        g.writeStringField(POOL, result.pool());
        g.writeBooleanField(APPLIED, result.applied());
        g.writeNumberField(CORE, result.core());
        g.writeNumberField(MAX, result.max());
        g.writeStringField(REASON, result.reason());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void writeInstance(JsonGenerator g, AgentIdentity instance) throws IOException {
    g.writeObjectFieldStart(INSTANCE);
    g.writeStringField(SERVICE_NAME, instance.serviceName());
    g.writeStringField(INSTANCE_ID, instance.instanceId());
    g.writeStringField(AGENT_VERSION, instance.agentVersion());
    g.writeStringField(MODE, instance.mode());
    g.writeEndObject();
  }

  /**
   * Reads the sidecar's answer. Unknown fields are skipped, so a newer sidecar can add some.
   *
   * @throws IllegalArgumentException naming what is missing, malformed or not allowed
   */
  public static DesiredState decode(byte[] body) {
    long version = -1;
    String hash = null;
    List<DesiredPool> desired = null;
    Optional<Duration> pollInterval = Optional.empty();
    try (JsonParser p = JSON.createParser(body)) {
      expect(p.nextToken(), JsonToken.START_OBJECT, "the answer");
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case PROTOCOL -> {
            expect(value, JsonToken.VALUE_NUMBER_INT, PROTOCOL);
            if (p.getIntValue() != VERSION) {
              throw new IllegalArgumentException(
                  "protocol " + p.getIntValue() + " is not the agent's " + VERSION);
            }
          }
          case VERSION_KEY -> {
            expect(value, JsonToken.VALUE_NUMBER_INT, VERSION_KEY);
            version = p.getLongValue();
          }
          case HASH -> {
            if (value == JsonToken.VALUE_STRING) {
              hash = p.getText();
            } else if (value != JsonToken.VALUE_NULL) {
              throw new IllegalArgumentException(
                  "'" + HASH + "' should be a string, found " + describe(value));
            }
          }
          case DESIRED -> desired = readDesired(p, value);
          case POLL_INTERVAL -> {
            expect(value, JsonToken.VALUE_STRING, POLL_INTERVAL);
            pollInterval = Optional.of(WireDurations.parse(p.getText()));
          }
          default -> p.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
    }
    if (version < 0) {
      throw new IllegalArgumentException("no '" + VERSION_KEY + "' (a non-negative integer)");
    }
    if (desired == null) {
      throw new IllegalArgumentException("no '" + DESIRED + "' list");
    }
    return new DesiredState(version, hash == null ? "" : hash, desired, pollInterval);
  }

  private static List<DesiredPool> readDesired(JsonParser p, JsonToken start) throws IOException {
    expect(start, JsonToken.START_ARRAY, DESIRED);
    List<DesiredPool> desired = new ArrayList<>();
    for (JsonToken next = p.nextToken(); next != JsonToken.END_ARRAY; next = p.nextToken()) {
      String entry = DESIRED + "[" + desired.size() + "]";
      expect(next, JsonToken.START_OBJECT, entry);
      String pool = null;
      Integer core = null;
      Integer max = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case POOL -> {
            expect(value, JsonToken.VALUE_STRING, DESIRED + "[]." + POOL);
            pool = p.getText();
          }
          case CORE -> {
            expect(value, JsonToken.VALUE_NUMBER_INT, DESIRED + "[]." + CORE);
            core = p.getIntValue();
          }
          case MAX -> {
            expect(value, JsonToken.VALUE_NUMBER_INT, DESIRED + "[]." + MAX);
            max = p.getIntValue();
          }
          default -> p.skipChildren();
        }
      }
      if (pool == null || core == null || max == null) {
        throw new IllegalArgumentException(
            "a desired entry needs '" + POOL + "', '" + CORE + "' and '" + MAX + "'");
      }
      try {
        desired.add(new DesiredPool(pool, core, max));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(entry + " ('" + pool + "'): " + e.getMessage(), e);
      }
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
