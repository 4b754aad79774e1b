package io.poolpilot.sidecar.http;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * The {@code google.rpc.Status} message OTLP/HTTP puts in every 4xx and 5xx body. Its schema is two
 * scalar fields (1: {@code int32 code}, 2: {@code string message}; the optional details are not
 * sent), written by hand so the sidecar needs no googleapis protos for it. Shared by the OTLP
 * receiver and the {@code Host} check in front of it, so an exporter reads every refusal the same
 * way.
 *
 * @param code a gRPC status code; the specification says clients must not act on it
 */
public record RpcStatus(int code, String message) {

  public static final int INVALID_ARGUMENT = 3;
  public static final int NOT_FOUND = 5;
  public static final int PERMISSION_DENIED = 7;
  public static final int RESOURCE_EXHAUSTED = 8;
  public static final int UNIMPLEMENTED = 12;
  public static final int INTERNAL = 13;

  public RpcStatus {
    Objects.requireNonNull(message, "message");
  }

  /** The body for a request sent as {@code application/json}. */
  public Buffer json() {
    return new JsonObject().put("code", code).put("message", message).toBuffer();
  }

  /** The body for a request sent as {@code application/x-protobuf}, or in no known encoding. */
  public Buffer protobuf() {
    ByteString.Output out = ByteString.newOutput();
    CodedOutputStream coded = CodedOutputStream.newInstance(out);
    try {
      coded.writeInt32(1, code);
      coded.writeString(2, message);
      coded.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e);
    }
    return Buffer.buffer(out.toByteString().toByteArray());
  }
}
