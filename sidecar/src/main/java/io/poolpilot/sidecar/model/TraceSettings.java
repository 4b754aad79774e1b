package io.poolpilot.sidecar.model;

/**
 * What the trace buffer keeps for the page: {@code traces.buffer}, the bytes its spans may take,
 * and {@code traces.per-second}, how many spans a second that start a trace it keeps ({@link
 * TraceBuffer}). Neither changes what is forwarded upstream or what the route model counts.
 *
 * @param maxBytes from {@link #MIN_BYTES} to {@link #MAX_BYTES}
 * @param spansPerSecond at least 1
 */
public record TraceSettings(long maxBytes, int spansPerSecond) {

  public static final long MIN_BYTES = 64L * 1024;
  public static final long MAX_BYTES = 1024L * 1024 * 1024;

  public static final TraceSettings DEFAULTS =
      new TraceSettings(TraceBuffer.DEFAULT_MAX_BYTES, TraceBuffer.DEFAULT_SPANS_PER_SECOND);

  public TraceSettings {
    if (maxBytes < MIN_BYTES || maxBytes > MAX_BYTES) {
      throw new IllegalArgumentException(
          "maxBytes " + maxBytes + " outside " + MIN_BYTES + ".." + MAX_BYTES);
    }
    if (spansPerSecond < 1) {
      throw new IllegalArgumentException("spansPerSecond " + spansPerSecond + " is below 1");
    }
  }
}
