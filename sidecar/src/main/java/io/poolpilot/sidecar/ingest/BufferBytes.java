package io.poolpilot.sidecar.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * A request body's bytes without copying them: {@link Buffer#getBytes()} copies the whole body, and
 * a body is read two or three times (inflated, decoded, forwarded as received). Vert.x's buffers
 * are Netty buffers underneath; its internal {@link BufferInternal} is the only way to reach them,
 * and where a buffer is not one, the bytes are copied as before.
 */
final class BufferBytes {

  private BufferBytes() {}

  /**
   * The body's readable bytes, over the same memory where it can be. Not read-only: protobuf's
   * decoder copies a buffer it cannot read through an array; nothing here writes to it.
   */
  static ByteBuffer view(Buffer body) {
    if (body instanceof BufferInternal internal) {
      return internal.getByteBuf().nioBuffer();
    }
    return ByteBuffer.wrap(body.getBytes());
  }

  /** A stream over the body's bytes, over the same memory where it can be. */
  static InputStream stream(Buffer body) {
    if (body instanceof BufferInternal internal) {
      return new ByteBufInputStream(internal.getByteBuf());
    }
    return new ByteArrayInputStream(body.getBytes());
  }

  /**
   * Everything {@code in} gives, into one buffer that grows as needed, starting at {@code expected}
   * bytes.
   *
   * @throws ContentEncoding.TooLarge as soon as the bytes read pass {@code limit}
   */
  static Buffer readAll(InputStream in, int expected, long limit)
      throws IOException, ContentEncoding.TooLarge {
    ByteBuf out = Unpooled.buffer(Math.max(256, expected));
    while (true) {
      out.ensureWritable(8 * 1024);
      int n = out.writeBytes(in, out.writableBytes());
      if (n < 0) {
        return BufferInternal.buffer(out);
      }
      if (out.readableBytes() > limit) {
        throw new ContentEncoding.TooLarge();
      }
    }
  }
}
