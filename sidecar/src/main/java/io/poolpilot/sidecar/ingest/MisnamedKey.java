package io.poolpilot.sidecar.ingest;

import java.util.Objects;

/**
 * A key in an OTLP/JSON body that is a field's protobuf name ({@code trace_id}) where the OTLP
 * specification allows only its lowerCamelCase JSON name ({@code traceId}).
 *
 * @param where the object holding the key
 * @param key the key as sent
 * @param jsonName the name the sender should have used
 */
record MisnamedKey(JsonPath where, String key, String jsonName) {

  MisnamedKey {
    Objects.requireNonNull(where, "where");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(jsonName, "jsonName");
  }

  /** What was wrong and what to send instead, as the sender is told it. */
  String reason() {
    return "key '"
        + key
        + "' "
        + (where.isRoot() ? "at the top level" : "in " + where)
        + " is a protobuf field name; OTLP/JSON requires the lowerCamelCase '"
        + jsonName
        + "'";
  }
}
