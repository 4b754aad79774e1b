package io.poolpilot.sidecar.ingest;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import io.poolpilot.sidecar.http.MediaTypes;
import io.poolpilot.sidecar.http.RpcStatus;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The two payload encodings of OTLP/HTTP, chosen by the request's {@code Content-Type}; the answer
 * goes back in the same one, as the specification requires.
 *
 * <p>JSON is the proto3 JSON mapping with OTLP's deviations: trace and span ids are hex rather than
 * base64 (see {@link OtlpJsonIds}), keys are the lowerCamelCase names only, never the protobuf
 * field names the proto3 mapping also allows (such keys are reported with the message, {@link
 * OtlpJsonFieldNames}), and unknown fields are ignored so newer senders still work.
 */
public enum OtlpEncoding {
  PROTOBUF(MediaTypes.PROTOBUF),
  JSON(MediaTypes.JSON);

  private static final JsonFormat.Parser JSON_PARSER = JsonFormat.parser().ignoringUnknownFields();
  private static final JsonFormat.Printer JSON_PRINTER =
      JsonFormat.printer().omittingInsignificantWhitespace();

  private final String mediaType;

  OtlpEncoding(String mediaType) {
    this.mediaType = mediaType;
  }

  public String mediaType() {
    return mediaType;
  }

  /** The encoding a {@code Content-Type} header names, ignoring parameters such as charset. */
  public static Optional<OtlpEncoding> of(String contentType) {
    String media = MediaTypes.of(contentType);
    for (OtlpEncoding encoding : values()) {
      if (encoding.mediaType.equals(media)) {
        return Optional.of(encoding);
      }
    }
    return Optional.empty();
  }

  /**
   * Decodes {@code body} into {@code builder} and builds it, noting the keys of a JSON body that
   * are protobuf field names ({@link OtlpJsonFieldNames}): the proto3 JSON parser takes them, so
   * such a body decodes, and the items they are in are for the caller to refuse.
   *
   * @throws InvalidProtocolBufferException if the body is not a valid message in this encoding
   */
  @SuppressWarnings("unchecked")
  <T extends Message> Decoded<T> decode(Buffer body, Message.Builder builder)
      throws InvalidProtocolBufferException {
    if (this == PROTOBUF) {
      CodedInputStream in = CodedInputStream.newInstance(BufferBytes.view(body));
      try {
        builder.mergeFrom(in);
      } catch (InvalidProtocolBufferException e) {
        throw e;
      } catch (IOException e) {
        // A decoder over memory reads nothing that can fail; a bad body is the exception above.
        throw new InvalidProtocolBufferException(e);
      }
      in.checkLastTagWas(0);
      return new Decoded<>((T) builder.build(), List.of());
    }
    JsonObject json;
    try {
      json = body.length() == 0 ? new JsonObject() : new JsonObject(body);
    } catch (DecodeException | ClassCastException e) {
      throw new InvalidProtocolBufferException("body is not a JSON object: " + e.getMessage());
    }
    List<MisnamedKey> misnamed = OtlpJsonFieldNames.misnamed(json, builder.getDescriptorForType());
    try {
      OtlpJsonIds.hexToBase64(json);
    } catch (IllegalArgumentException e) {
      throw new InvalidProtocolBufferException(e.getMessage());
    }
    JSON_PARSER.merge(json.encode(), builder);
    return new Decoded<>((T) builder.build(), misnamed);
  }

  /**
   * A decoded body.
   *
   * @param misnamed the JSON keys that were protobuf field names, in the order found; always empty
   *     for protobuf
   */
  record Decoded<T extends Message>(T message, List<MisnamedKey> misnamed) {

    Decoded {
      Objects.requireNonNull(message, "message");
      misnamed = List.copyOf(misnamed);
    }
  }

  /** The error body in this encoding, as OTLP/HTTP answers a request sent in it. */
  public Buffer encode(RpcStatus status) {
    return this == JSON ? status.json() : status.protobuf();
  }

  /** The message in this encoding. */
  public Buffer encode(MessageOrBuilder message) {
    if (this == PROTOBUF) {
      return Buffer.buffer(((Message) message).toByteArray());
    }
    try {
      return Buffer.buffer(JSON_PRINTER.print(message));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("cannot print " + message.getClass().getSimpleName(), e);
    }
  }
}
