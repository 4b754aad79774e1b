package io.poolpilot.sidecar.ingest;

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
 * sent), written by hand so the sidecar needs no googleapis protos for it.
 *
 * @param code a gRPC status code; the specification says clients must not act on it
 */
record RpcStatus(int code, String message) {

  static final int INVALID_ARGUMENT = 3;
  static final int NOT_FOUND = 5;
  static final int RESOURCE_EXHAUSTED = 8;
  static final int UNIMPLEMENTED = 12;
  static final int INTERNAL = 13;

  RpcStatus {
    Objects.requireNonNull(message, "message");
  }

  Buffer encode(OtlpEncoding encoding) {
    return encoding == OtlpEncoding.JSON
        ? new JsonObject().put("code", code).put("message", message).toBuffer()
        : Buffer.buffer(protobuf().toByteArray());
  }

  private ByteString protobuf() {
    ByteString.Output out = ByteString.newOutput();
    CodedOutputStream coded = CodedOutputStream.newInstance(out);
    try {
      coded.writeInt32(1, code);
      coded.writeString(2, message);
      coded.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e);
    }
    return out.toByteString();
  }
}
