package io.poolpilot.sidecar.ingest;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Finds the keys of an OTLP/JSON body that are not the field names the OTLP specification allows:
 * the lowerCamelCase JSON names ({@code traceId}) are, the original protobuf names ({@code
 * trace_id}) are not. The standard proto3 JSON parser accepts both, so without this a snake_case
 * body would be taken as if it were right, and worse, its {@code trace_id} would skip the
 * hex-to-base64 rewrite ({@link OtlpJsonIds}) and be decoded as the wrong bytes. What is found is
 * refused item by item ({@link ExportItems}), not the whole body, so that one sender's bad span
 * does not lose the good ones beside it.
 *
 * <p>Only keys that are a field's protobuf name are reported; a key that names no field at all is
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
   * The misnamed keys of {@code json}, read as a {@code type}, at any depth, in the order of the
   * objects holding them. At most one per object: whatever else the object holds is refused with it
   * anyway. The value of a misnamed key is not looked into either, for the same reason; so a body
   * keyed in snake_case throughout gives one key, at the top.
   */
  static List<MisnamedKey> misnamed(JsonObject json, Descriptor type) {
    List<MisnamedKey> found = new ArrayList<>();
    check(json, type, JsonPath.ROOT, found);
    return found;
  }

  private static void check(
      JsonObject json, Descriptor type, JsonPath path, List<MisnamedKey> found) {
    for (Map.Entry<String, Object> entry : json) {
      String key = entry.getKey();
      FieldDescriptor protoNamed = type.findFieldByName(key);
      if (protoNamed != null && !protoNamed.getJsonName().equals(key)) {
        found.add(new MisnamedKey(path, key, protoNamed.getJsonName()));
        return;
      }
    }
    for (Map.Entry<String, Object> entry : json) {
      FieldDescriptor field = byJsonName(type, entry.getKey());
      if (field != null && field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        visit(entry.getValue(), field.getMessageType(), path.key(entry.getKey()), found);
      }
    }
  }

  private static void visit(Object value, Descriptor type, JsonPath path, List<MisnamedKey> found) {
    if (value instanceof JsonObject object) {
      check(object, type, path, found);
    } else if (value instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        visit(array.getValue(i), type, path.element(i), found);
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
