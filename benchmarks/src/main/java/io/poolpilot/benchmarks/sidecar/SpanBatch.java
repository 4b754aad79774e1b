package io.poolpilot.benchmarks.sidecar;

import static io.poolpilot.benchmarks.sidecar.AgentResourceShape.string;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.poolpilot.protocol.TelemetryNames;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Server spans as the agent records them: HTTP attributes, the pool the request ran on ({@code
 * jvm.executor.name}) and its queue wait. Successive batches name the pools in turn, so every pool
 * is seen serving requests and is tuned, as in a service whose pools all sit on request paths.
 */
final class SpanBatch {
  private final String service;
  private final SplittableRandom random;
  private int nextPool;

  SpanBatch(String service, long seed) {
    this.service = service;
    this.random = new SplittableRandom(seed ^ 0x5DEECE66DL);
  }

  void addTo(ScopeSpans.Builder out, List<ReplayedPool> pools, long now, int count) {
    for (int k = 0; k < count; k++) {
      ReplayedPool pool = pools.get(nextPool++ % pools.size());
      long durationNanos = 1_000_000L + random.nextLong(20_000_000L);
      out.addSpans(
          Span.newBuilder()
              .setTraceId(randomBytes(16))
              .setSpanId(randomBytes(8))
              .setName("GET /" + service + "/items/{id}")
              .setKind(Span.SpanKind.SPAN_KIND_SERVER)
              .setStartTimeUnixNano(now - durationNanos)
              .setEndTimeUnixNano(now)
              .addAttributes(string(TelemetryNames.HTTP_REQUEST_METHOD, "GET"))
              .addAttributes(string(TelemetryNames.HTTP_ROUTE, "/items/{id}"))
              .addAttributes(string(TelemetryNames.URL_PATH, "/items/" + random.nextInt(1000)))
              .addAttributes(string(TelemetryNames.URL_SCHEME, "http"))
              .addAttributes(string(TelemetryNames.SERVER_ADDRESS, "localhost"))
              .addAttributes(integer(TelemetryNames.SERVER_PORT, 8080))
              .addAttributes(string(TelemetryNames.CLIENT_ADDRESS, "10.0.0.7"))
              .addAttributes(integer(TelemetryNames.HTTP_RESPONSE_STATUS_CODE, 200))
              .addAttributes(string(TelemetryNames.EXECUTOR_NAME, pool.name()))
              .addAttributes(
                  KeyValue.newBuilder()
                      .setKey(TelemetryNames.QUEUE_WAIT)
                      .setValue(AnyValue.newBuilder().setDoubleValue(random.nextDouble() * 0.01)))
              .setStatus(Status.newBuilder()));
    }
  }

  private ByteString randomBytes(int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (random.nextInt(255) + 1);
    }
    return ByteString.copyFrom(bytes);
  }

  private static KeyValue integer(String key, long value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setIntValue(value))
        .build();
  }
}
