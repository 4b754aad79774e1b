package io.poolpilot.agent.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.poolpilot.protocol.TelemetryNames;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The attribute keys of the HTTP semantic-convention names the agent records (the names themselves
 * are the protocol's {@link TelemetryNames}, which the sidecar reads by), and the one rule about
 * their values that matters for cardinality: a method outside the known set is recorded as {@code
 * _OTHER}, so a client sending made-up methods cannot create new time series.
 */
final class HttpSemconv {
  private HttpSemconv() {}

  static final AttributeKey<String> METHOD =
      AttributeKey.stringKey(TelemetryNames.HTTP_REQUEST_METHOD);
  static final AttributeKey<String> METHOD_ORIGINAL =
      AttributeKey.stringKey(TelemetryNames.HTTP_REQUEST_METHOD_ORIGINAL);
  static final AttributeKey<String> ROUTE = AttributeKey.stringKey(TelemetryNames.HTTP_ROUTE);
  static final AttributeKey<Long> STATUS =
      AttributeKey.longKey(TelemetryNames.HTTP_RESPONSE_STATUS_CODE);
  static final AttributeKey<String> URL_PATH = AttributeKey.stringKey(TelemetryNames.URL_PATH);
  static final AttributeKey<String> URL_SCHEME = AttributeKey.stringKey(TelemetryNames.URL_SCHEME);
  static final AttributeKey<String> SERVER_ADDRESS =
      AttributeKey.stringKey(TelemetryNames.SERVER_ADDRESS);
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey(TelemetryNames.SERVER_PORT);
  static final AttributeKey<String> CLIENT_ADDRESS =
      AttributeKey.stringKey(TelemetryNames.CLIENT_ADDRESS);
  static final AttributeKey<String> USER_AGENT =
      AttributeKey.stringKey(TelemetryNames.USER_AGENT_ORIGINAL);
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey(TelemetryNames.ERROR_TYPE);
  static final AttributeKey<String> CODE_FUNCTION =
      AttributeKey.stringKey(TelemetryNames.CODE_FUNCTION_NAME);

  /** The pool a server span's handler ran in, and how long its task queued there (seconds). */
  static final AttributeKey<String> EXECUTOR_NAME =
      AttributeKey.stringKey(TelemetryNames.EXECUTOR_NAME);

  static final AttributeKey<Double> QUEUE_WAIT = AttributeKey.doubleKey(TelemetryNames.QUEUE_WAIT);

  /** The bucket boundaries the semantic conventions advise for HTTP durations, in seconds. */
  static final List<Double> DURATION_BUCKETS =
      List.of(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);

  private static final Set<String> KNOWN_METHODS =
      Set.of("CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "TRACE");

  /** The method as recorded: upper-case known methods stay, anything else is {@code _OTHER}. */
  static String method(String method) {
    if (method == null) {
      return "_OTHER";
    }
    if (KNOWN_METHODS.contains(method)) {
      return method;
    }
    String upper = method.toUpperCase(Locale.ROOT);
    return KNOWN_METHODS.contains(upper) ? upper : "_OTHER";
  }
}
