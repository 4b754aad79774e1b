package io.poolpilot.sidecar.ingest;

import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * The request body compressions OTLP/HTTP senders use: {@code gzip} (which the specification
 * requires a server to accept), {@code deflate}, or none ({@code identity}). The ingest inflates
 * the body itself rather than letting the HTTP server do it, so that the bytes as received stay at
 * hand to forward unchanged, and so the size limit applies to what inflating produces: a small
 * compressed body that would inflate past the limit is stopped at the limit, not held in memory.
 */
enum ContentEncoding {
  IDENTITY(""),
  GZIP("gzip"),
  DEFLATE("deflate");

  static final String SUPPORTED = "gzip, deflate or identity";

  /** Inflating would pass the size limit. */
  static final class TooLarge extends Exception {
    private static final long serialVersionUID = 1L;

    TooLarge() {
      super(null, null, false, false);
    }
  }

  private final String token;

  ContentEncoding(String token) {
    this.token = token;
  }

  /**
   * The {@code Content-Encoding} that names this encoding to any server: its token as the HTTP
   * specification registers it, empty for identity, which needs no header. A sender may spell it
   * otherwise ({@code X-GZip}), which {@link #of} accepts but another server need not.
   */
  String token() {
    return token;
  }

  /** The encoding a {@code Content-Encoding} header names; empty for one the ingest cannot read. */
  static Optional<ContentEncoding> of(String header) {
    if (header == null || header.isBlank()) {
      return Optional.of(IDENTITY);
    }
    return switch (header.trim().toLowerCase(Locale.ROOT)) {
      case "identity" -> Optional.of(IDENTITY);
      case "gzip", "x-gzip" -> Optional.of(GZIP);
      case "deflate" -> Optional.of(DEFLATE);
      default -> Optional.empty();
    };
  }

  /**
   * The body as sent before compression.
   *
   * @throws TooLarge if it is longer than {@code limit} bytes
   * @throws IOException if the body is not valid in this encoding
   */
  Buffer decode(Buffer raw, long limit) throws TooLarge, IOException {
    if (this == IDENTITY) {
      return raw;
    }
    InputStream in = BufferBytes.stream(raw);
    try (InputStream inflating =
        this == GZIP ? new GZIPInputStream(in) : new InflaterInputStream(in)) {
      return BufferBytes.readAll(inflating, (int) Math.min(1 << 20, 4L * raw.length()), limit);
    }
  }
}
