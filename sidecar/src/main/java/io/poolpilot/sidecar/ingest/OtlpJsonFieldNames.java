package io.poolpilot.sidecar.ingest;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Holds OTLP/JSON to the field names the OTLP specification allows: the lowerCamelCase JSON names
 * ({@code traceId}), never the original protobuf names ({@code trace_id}), which the specification
 * says are not valid keys. The standard proto3 JSON parser accepts both, so without this a
 * snake_case body would be taken, and worse, its {@code trace_id} would skip the hex-to-base64
 * rewrite ({@link OtlpJsonIds}) and be decoded as the wrong bytes.
 *
 * <p>Only keys that are a field's protobuf name are refused; a key that names no field at all is
 * left for the parser to ignore, as the specification requires of unknown fields so that newer
 * senders keep working.
 */
final class OtlpJsonFieldNames {

  /**
   * Each message type's fields by JSON name, made once per type: the OTLP requests hold a few dozen
   * types, and a 20 MiB body has millions of keys.
   */
  private static final Map<Descriptor, Map<String, FieldDescriptor>> BY_JSON_NAME =
      new ConcurrentHashMap<>();

  private OtlpJsonFieldNames() {}

  /**
   * Checks every key of {@code json}, read as a {@code type}, at any depth.
   *
   * @throws IllegalArgumentException naming the first snake_case key, where it is and the name
   *     expected instead
   */
  static void requireLowerCamelCase(JsonObject json, Descriptor type) {
    check(json, type, "");
  }

  private static void check(JsonObject json, Descriptor type, String path) {
    for (Map.Entry<String, Object> entry : json) {
      String key = entry.getKey();
      FieldDescriptor protoNamed = type.findFieldByName(key);
      if (protoNamed != null && !protoNamed.getJsonName().equals(key)) {
        throw new IllegalArgumentException(
            "key '"
                + key
                + "' "
                + (path.isEmpty() ? "at the top level" : "in " + path)
                + " is a protobuf field name; OTLP/JSON requires the lowerCamelCase '"
                + protoNamed.getJsonName()
                + "'");
      }
      FieldDescriptor field = byJsonName(type, key);
      if (field != null && field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        String at = path.isEmpty() ? key : path + "." + key;
        visit(entry.getValue(), field.getMessageType(), at);
      }
    }
  }

  private static void visit(Object value, Descriptor type, String path) {
    if (value instanceof JsonObject object) {
      check(object, type, path);
    } else if (value instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        visit(array.getValue(i), type, path + "[" + i + "]");
      }
    }
  }

  private static FieldDescriptor byJsonName(Descriptor type, String key) {
    return BY_JSON_NAME
        .computeIfAbsent(
            type,
            t ->
                t.getFields().stream()
                    .collect(
                        Collectors.toUnmodifiableMap(
                            FieldDescriptor::getJsonName, Function.identity())))
        .get(key);
  }
}
