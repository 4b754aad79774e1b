package io.poolpilot.sidecar.model;

/**
 * The span attributes the sidecar reads, as OpenTelemetry's HTTP semantic conventions and
 * design.md's "Telemetry names" fix them.
 */
public final class SpanAttributes {

  /** The route template of an HTTP server span, such as {@code /orders/{id}}. */
  public static final String HTTP_ROUTE = "http.route";

  /** The HTTP method; {@code http.method} in conventions before 1.23. */
  public static final String HTTP_REQUEST_METHOD = "http.request.method";

  public static final String OLD_HTTP_METHOD = "http.method";

  /** The response's status code; {@code http.status_code} before 1.23. */
  public static final String HTTP_RESPONSE_STATUS_CODE = "http.response.status_code";

  public static final String OLD_HTTP_STATUS_CODE = "http.status_code";

  /** The pool whose thread ran the span's work (PoolPilot's agent adds it to server spans). */
  public static final String EXECUTOR_NAME = "jvm.executor.name";

  /** Seconds the span's task waited in that pool's queue. */
  public static final String QUEUE_WAIT = "poolpilot.queue.wait";

  private SpanAttributes() {}
}
