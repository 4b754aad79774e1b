package io.poolpilot.sidecar.model;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link SpanRecord} as one byte array, so that the trace buffer holds one object a span instead
 * of some forty (the record, its strings, its attribute map's entries and boxed numbers). Spans the
 * buffer holds live for seconds to minutes, long enough to be promoted, so each object kept there
 * is paid again by every full collection; a span is decoded only when the page asks for its trace.
 *
 * <p>Layout: the trace id, then the service (the two fields a search reads first), the span id, the
 * parent's span id, name, kind, instance, start and end (eight bytes each), status, status message,
 * the attribute count and each attribute as key, type ({@code S}tring, {@code B}oolean, {@code
 * L}ong, {@code D}ouble) and value. The primitives are protobuf's, written and read with
 * protobuf-java's coded streams (text as UTF-8 after its length as a varint, times as fixed64), but
 * the layout is not a protobuf message: no field tags, since every field is always present and in
 * this order.
 */
final class SpanCodec {

  private static final byte TEXT = 'S';
  private static final byte BOOLEAN = 'B';
  private static final byte LONG = 'L';
  private static final byte DOUBLE = 'D';

  private SpanCodec() {}

  static byte[] encode(SpanRecord span) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    CodedOutputStream out = CodedOutputStream.newInstance(bytes, 256);
    try {
      out.writeStringNoTag(span.traceId());
      out.writeStringNoTag(span.service());
      out.writeStringNoTag(span.spanId());
      out.writeStringNoTag(span.parentSpanId());
      out.writeStringNoTag(span.name());
      out.writeStringNoTag(span.kind());
      out.writeStringNoTag(span.instance());
      out.writeFixed64NoTag(span.startTimeUnixNano());
      out.writeFixed64NoTag(span.endTimeUnixNano());
      out.writeStringNoTag(span.status());
      out.writeStringNoTag(span.statusMessage());
      out.writeUInt32NoTag(span.attributes().size());
      for (Map.Entry<String, Object> attribute : span.attributes().entrySet()) {
        out.writeStringNoTag(attribute.getKey());
        Object value = attribute.getValue();
        if (value instanceof Boolean flag) {
          out.writeRawByte(BOOLEAN);
          out.writeBoolNoTag(flag);
        } else if (value instanceof Long number) {
          out.writeRawByte(LONG);
          out.writeFixed64NoTag(number);
        } else if (value instanceof Double number) {
          out.writeRawByte(DOUBLE);
          out.writeDoubleNoTag(number);
        } else {
          out.writeRawByte(TEXT);
          out.writeStringNoTag(String.valueOf(value));
        }
      }
      out.flush();
    } catch (IOException cannotHappen) {
      throw new UncheckedIOException("writing to memory failed", cannotHappen);
    }
    return bytes.toByteArray();
  }

  static SpanRecord decode(byte[] encoded) {
    CodedInputStream in = CodedInputStream.newInstance(encoded);
    try {
      String traceId = in.readString();
      String service = in.readString();
      String spanId = in.readString();
      String parentSpanId = in.readString();
      String name = in.readString();
      String kind = in.readString();
      String instance = in.readString();
      long start = in.readFixed64();
      long end = in.readFixed64();
      String status = in.readString();
      String statusMessage = in.readString();
      int count = in.readUInt32();
      Map<String, Object> attributes = new LinkedHashMap<>(count * 2);
      for (int i = 0; i < count; i++) {
        String key = in.readString();
        byte type = in.readRawByte();
        Object value =
            switch (type) {
              case BOOLEAN -> in.readBool();
              case LONG -> in.readFixed64();
              case DOUBLE -> in.readDouble();
              case TEXT -> in.readString();
              default -> throw new IllegalStateException("unknown attribute type " + type);
            };
        attributes.put(key, value);
      }
      return new SpanRecord(
          traceId,
          spanId,
          parentSpanId,
          name,
          kind,
          service,
          instance,
          start,
          end,
          status,
          statusMessage,
          attributes);
    } catch (IOException truncated) {
      throw new IllegalStateException("a held span's bytes are cut short", truncated);
    }
  }

  /** The trace id alone, without decoding the rest. */
  static String traceId(byte[] encoded) {
    try {
      return CodedInputStream.newInstance(encoded).readString();
    } catch (IOException truncated) {
      throw new IllegalStateException("a held span's bytes are cut short", truncated);
    }
  }

  /** The sending service alone, without decoding the rest. */
  static String service(byte[] encoded) {
    CodedInputStream in = CodedInputStream.newInstance(encoded);
    try {
      in.skipRawBytes(in.readUInt32());
      return in.readString();
    } catch (IOException truncated) {
      throw new IllegalStateException("a held span's bytes are cut short", truncated);
    }
  }
}
