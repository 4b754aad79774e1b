package io.poolpilot.sidecar.ingest;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** An export in OTLP/JSON as senders write it: proto3 JSON, with trace and span ids in hex. */
final class OtlpJson {

  /** An id field as the proto3 printer writes it, base64 in a string of its own. */
  private static final Pattern ID =
      Pattern.compile("\"(traceId|spanId|parentSpanId)\":\"([^\"]*)\"");

  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().omittingInsignificantWhitespace();

  private OtlpJson() {}

  static String of(MessageOrBuilder message) {
    try {
      return ID.matcher(PRINTER.print(message))
          .replaceAll(
              id ->
                  "\""
                      + id.group(1)
                      + "\":\""
                      + HexFormat.of().formatHex(Base64.getDecoder().decode(id.group(2)))
                      + "\"");
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }
}
