package io.poolpilot.sidecar.api;

import io.poolpilot.protocol.control.PoolSizes;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.Set;

/**
 * The body of {@code PUT /api/pools/{service}/{pool}}: {@code {"core": N, "max": M}} pins the pool,
 * {@code {"auto": true}} releases it. Present sizes pin; empty sizes release.
 */
record PinRequest(Optional<PoolSizes> sizes) {

  private static final String EXPECTED = "expected {\"core\": N, \"max\": M} or {\"auto\": true}";
  private static final Set<String> KEYS = Set.of("core", "max", "auto");

  /** A body the API cannot use; the message says what was wrong and what was expected. */
  static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message);
    }
  }

  static PinRequest parse(Buffer body) throws Invalid {
    if (body == null || body.length() == 0) {
      throw new Invalid("the body is empty, " + EXPECTED);
    }
    Object decoded;
    try {
      decoded = Json.decodeValue(body);
    } catch (DecodeException e) {
      throw new Invalid("the body is not valid JSON (" + e.getMessage() + "), " + EXPECTED);
    }
    if (!(decoded instanceof JsonObject json)) {
      throw new Invalid("the body is not a JSON object, " + EXPECTED);
    }
    for (String key : json.fieldNames()) {
      if (!KEYS.contains(key)) {
        throw new Invalid("unknown key '" + key + "', " + EXPECTED);
      }
    }
    if (json.containsKey("auto")) {
      if (!Boolean.TRUE.equals(json.getValue("auto"))) {
        throw new Invalid("auto is " + json.getValue("auto") + ", expected true");
      }
      if (json.containsKey("core") || json.containsKey("max")) {
        throw new Invalid("auto cannot be given with core or max, " + EXPECTED);
      }
      return new PinRequest(Optional.empty());
    }
    int core = atLeastOne(json, "core");
    int max = atLeastOne(json, "max");
    if (core > max) {
      throw new Invalid("core " + core + " is above max " + max + ", expected core <= max");
    }
    return new PinRequest(Optional.of(new PoolSizes(core, max)));
  }

  private static int atLeastOne(JsonObject json, String key) throws Invalid {
    Object value = json.getValue(key);
    if (value == null) {
      throw new Invalid("no " + key + ", " + EXPECTED);
    }
    if (!(value instanceof Integer number) || number < 1) {
      String shown = value instanceof String text ? "\"" + text + "\"" : String.valueOf(value);
      throw new Invalid(key + " is " + shown + ", expected a whole number from 1 to 2147483647");
    }
    return number;
  }
}
