package io.poolpilot.agent.tracing;

import io.opentelemetry.api.common.AttributeKey;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The OpenTelemetry HTTP semantic-convention names the agent records, and the one rule about their
 * values that matters for cardinality: a method outside the known set is recorded as {@code
 * _OTHER}, so a client sending made-up methods cannot create new time series.
 */
final class HttpSemconv {
  private HttpSemconv() {}

  static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  static final AttributeKey<String> METHOD_ORIGINAL =
      AttributeKey.stringKey("http.request.method_original");
  static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
  static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
  static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
  static final AttributeKey<String> URL_SCHEME = AttributeKey.stringKey("url.scheme");
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  static final AttributeKey<String> CLIENT_ADDRESS = AttributeKey.stringKey("client.address");
  static final AttributeKey<String> USER_AGENT = AttributeKey.stringKey("user_agent.original");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final AttributeKey<String> CODE_FUNCTION = AttributeKey.stringKey("code.function.name");

  /** The pool a server span's handler ran in, and how long its task queued there (seconds). */
  static final AttributeKey<String> EXECUTOR_NAME = AttributeKey.stringKey("jvm.executor.name");

  static final AttributeKey<Double> QUEUE_WAIT = AttributeKey.doubleKey("poolpilot.queue.wait");

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
