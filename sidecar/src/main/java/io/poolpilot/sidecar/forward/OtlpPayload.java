package io.poolpilot.sidecar.forward;

import io.vertx.core.buffer.Buffer;
import java.util.Objects;

/**
 * One accepted OTLP/HTTP request body, exactly as it arrived, to be sent on unchanged.
 *
 * @param path {@code /v1/metrics}, {@code /v1/traces} or {@code /v1/logs}
 * @param contentType the request's {@code Content-Type}, as sent
 * @param contentEncoding the request's {@code Content-Encoding} ({@code gzip}), empty for none
 * @param body the bytes as received, still compressed if they were; never modified after
 */
public record OtlpPayload(String path, String contentType, String contentEncoding, Buffer body) {

  public OtlpPayload {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(contentEncoding, "contentEncoding");
    Objects.requireNonNull(body, "body");
  }

  public long size() {
    return body.length();
  }
}
