package io.poolpilot.testsupport;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One request exactly as it reached an {@link OtlpReceiver}: its headers as sent and its body as
 * sent, still compressed if it was.
 *
 * @param at when the receiver had read it
 * @param headers every header, looked up by name regardless of case
 */
public record ReceivedRequest(
    Instant at, String method, String path, Map<String, List<String>> headers, byte[] body) {

  public ReceivedRequest {
    Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
    headers = Collections.unmodifiableMap(copy);
    body = body.clone();
  }

  /** The first value of header {@code name}, whatever its case, or null when it was not sent. */
  public String header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** A copy of the body as it arrived. */
  @Override
  public byte[] body() {
    return body.clone();
  }

  @Override
  public String toString() {
    return method + " " + path + " (" + body.length + " bytes at " + at + ")";
  }
}
