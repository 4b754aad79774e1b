package io.poolpilot.sidecar.model;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
 * L}ong, {@code D}ouble) and value. Text is UTF-8 after its length as an unsigned varint.
 */
final class SpanCodec {

  private static final byte TEXT = 'S';
  private static final byte BOOLEAN = 'B';
  private static final byte LONG = 'L';
  private static final byte DOUBLE = 'D';

  private SpanCodec() {}

  static byte[] encode(SpanRecord span) {
    Writer out = new Writer();
    out.text(span.traceId());
    out.text(span.service());
    out.text(span.spanId());
    out.text(span.parentSpanId());
    out.text(span.name());
    out.text(span.kind());
    out.text(span.instance());
    out.fixed(span.startTimeUnixNano());
    out.fixed(span.endTimeUnixNano());
    out.text(span.status());
    out.text(span.statusMessage());
    out.varint(span.attributes().size());
    for (Map.Entry<String, Object> attribute : span.attributes().entrySet()) {
      out.text(attribute.getKey());
      Object value = attribute.getValue();
      if (value instanceof Boolean flag) {
        out.put(BOOLEAN);
        out.put((byte) (flag ? 1 : 0));
      } else if (value instanceof Long number) {
        out.put(LONG);
        out.fixed(number);
      } else if (value instanceof Double number) {
        out.put(DOUBLE);
        out.fixed(Double.doubleToRawLongBits(number));
      } else {
        out.put(TEXT);
        out.text(String.valueOf(value));
      }
    }
    return out.bytes();
  }

  static SpanRecord decode(byte[] encoded) {
    Reader in = new Reader(encoded);
    String traceId = in.text();
    String service = in.text();
    String spanId = in.text();
    String parentSpanId = in.text();
    String name = in.text();
    String kind = in.text();
    String instance = in.text();
    long start = in.fixed();
    long end = in.fixed();
    String status = in.text();
    String statusMessage = in.text();
    int count = in.varint();
    Map<String, Object> attributes = new LinkedHashMap<>(count * 2);
    for (int i = 0; i < count; i++) {
      String key = in.text();
      byte type = in.next();
      Object value =
          switch (type) {
            case BOOLEAN -> in.next() != 0;
            case LONG -> in.fixed();
            case DOUBLE -> Double.longBitsToDouble(in.fixed());
            case TEXT -> in.text();
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
  }

  /** The trace id alone, without decoding the rest. */
  static String traceId(byte[] encoded) {
    return new Reader(encoded).text();
  }

  /** The sending service alone, without decoding the rest. */
  static String service(byte[] encoded) {
    Reader in = new Reader(encoded);
    in.skipText();
    return in.text();
  }

  private static final class Writer {
    private byte[] buffer = new byte[256];
    private int size;

    void put(byte value) {
      ensure(1);
      buffer[size++] = value;
    }

    void varint(int value) {
      int rest = value;
      while ((rest & ~0x7F) != 0) {
        put((byte) ((rest & 0x7F) | 0x80));
        rest >>>= 7;
      }
      put((byte) rest);
    }

    void fixed(long value) {
      ensure(8);
      for (int shift = 56; shift >= 0; shift -= 8) {
        buffer[size++] = (byte) (value >>> shift);
      }
    }

    void text(String value) {
      byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
      varint(utf8.length);
      ensure(utf8.length);
      System.arraycopy(utf8, 0, buffer, size, utf8.length);
      size += utf8.length;
    }

    byte[] bytes() {
      return Arrays.copyOf(buffer, size);
    }

    private void ensure(int more) {
      if (size + more > buffer.length) {
        buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
      }
    }
  }

  private static final class Reader {
    private final byte[] bytes;
    private int position;

    Reader(byte[] bytes) {
      this.bytes = bytes;
    }

    byte next() {
      return bytes[position++];
    }

    int varint() {
      int value = 0;
      for (int shift = 0; ; shift += 7) {
        byte b = next();
        value |= (b & 0x7F) << shift;
        if (b >= 0) {
          return value;
        }
      }
    }

    long fixed() {
      long value = 0;
      for (int i = 0; i < 8; i++) {
        value = (value << 8) | (next() & 0xFF);
      }
      return value;
    }

    String text() {
      int length = varint();
      String value = new String(bytes, position, length, StandardCharsets.UTF_8);
      position += length;
      return value;
    }

    void skipText() {
      int length = varint();
      position += length;
    }
  }
}
