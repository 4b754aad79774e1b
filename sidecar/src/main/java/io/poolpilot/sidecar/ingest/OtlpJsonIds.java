package io.poolpilot.sidecar.ingest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites OTLP/JSON's hex trace and span ids into the base64 the standard proto3 JSON parser
 * expects. Without it the parser would accept a 32-digit hex id as base64 and silently decode it
 * into the wrong 24 bytes.
 */
final class OtlpJsonIds {

  private static final Set<String> ID_FIELDS = Set.of("traceId", "spanId", "parentSpanId");

  private OtlpJsonIds() {}

  /**
   * Rewrites every id field in {@code json}, in place, at any depth.
   *
   * @throws IllegalArgumentException naming the field and value, if an id is not hex
   */
  static void hexToBase64(JsonObject json) {
    for (Map.Entry<String, Object> field : json) {
      Object value = field.getValue();
      if (ID_FIELDS.contains(field.getKey()) && value instanceof String hex) {
        field.setValue(base64(field.getKey(), hex));
      } else {
        visit(value);
      }
    }
  }

  private static void visit(Object value) {
    if (value instanceof JsonObject object) {
      hexToBase64(object);
    } else if (value instanceof JsonArray array) {
      for (Object element : array) {
        visit(element);
      }
    }
  }

  private static String base64(String field, String hex) {
    try {
      return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          field + " '" + hex + "' is not a hex string, as OTLP/JSON encodes ids", e);
    }
  }
}
