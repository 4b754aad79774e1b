package io.poolpilot.sidecar.forward;

import io.poolpilot.sidecar.config.SettingText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Tells a person that forwarding is losing telemetry, without flooding the log while it goes on.
 *
 * <p>A counter in {@code /metrics} alone is quiet: nobody reads it until the data is found missing
 * upstream, long after the upstream could have been fixed. So an episode of drops writes:
 *
 * <ul>
 *   <li>on its first drop, one line with the cause and what to do (fix the upstream, or raise
 *       {@code upstream.buffer});
 *   <li>while drops go on, at most one summary per {@code interval}: what was dropped since the
 *       previous line, and the total;
 *   <li>when the buffer has emptied after a send (the upstream caught up), one line saying so, with
 *       what was dropped since the last summary. The next drop starts a new episode.
 * </ul>
 *
 * Under sustained drops that is {@code 1 + elapsed / interval} lines, whatever the drop rate. No
 * timer: a summary is written by the first drop an interval or more after the previous line, so an
 * interval without drops writes nothing, and what a last partial interval dropped goes into the
 * recovery line.
 *
 * <p>Plain class, time from the injected clock. Thread-safe: ingest event loops report drops, the
 * forwarder reports that the buffer drained.
 */
final class DropReporter {

  /** One summary a minute: often enough to see drops go on, rare enough to read them. */
  static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

  private final String upstream;
  private final long bufferBytes;
  private final Duration interval;
  private final Clock clock;
  private final Consumer<String> log;

  private boolean dropping;
  private Instant lastLine;
  private long pendingBodies;
  private long pendingBytes;
  private long totalBodies;
  private long totalBytes;

  /**
   * @param upstream the upstream as {@link Upstream#describe()} gives it
   * @param bufferBytes the buffer's bound, quoted beside the setting that raises it
   * @param log receives each line, without the sidecar's name
   */
  DropReporter(
      String upstream, long bufferBytes, Duration interval, Clock clock, Consumer<String> log) {
    this.upstream = Objects.requireNonNull(upstream, "upstream");
    this.bufferBytes = bufferBytes;
    this.interval = Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval " + interval + " is not positive");
    }
    this.clock = Objects.requireNonNull(clock, "clock");
    this.log = Objects.requireNonNull(log, "log");
  }

  /** {@code bodies} payloads of {@code bytes} in all were just dropped. */
  synchronized void dropped(int bodies, long bytes) {
    if (bodies <= 0) {
      return;
    }
    totalBodies += bodies;
    totalBytes += bytes;
    Instant now = clock.instant();
    if (!dropping) {
      dropping = true;
      lastLine = now;
      log.accept(
          "forward buffer full: dropped the oldest "
              + bodies(bodies, bytes)
              + " of telemetry for upstream "
              + upstream
              + ". The upstream is slow or unreachable: fix it, or raise upstream.buffer (now "
              + SettingText.bytes(bufferBytes)
              + ") to ride out longer outages. While drops go on, a summary follows at most once"
              + " per "
              + describe(interval));
      return;
    }
    pendingBodies += bodies;
    pendingBytes += bytes;
    Duration since = Duration.between(lastLine, now);
    if (since.compareTo(interval) >= 0) {
      log.accept(
          "forward buffer still full: dropped "
              + bodies(pendingBodies, pendingBytes)
              + " in the last "
              + describe(since)
              + ", "
              + totalBodies
              + " in total, for upstream "
              + upstream);
      lastLine = now;
      pendingBodies = 0;
      pendingBytes = 0;
    }
  }

  /** A send succeeded and left the buffer empty: the upstream has caught up. */
  synchronized void drained() {
    if (!dropping) {
      return;
    }
    log.accept(
        "forwarding to upstream "
            + upstream
            + " caught up, the buffer is empty again"
            + (pendingBodies > 0
                ? "; dropped " + bodies(pendingBodies, pendingBytes) + " since the last line"
                : "")
            + "; "
            + totalBodies
            + " dropped in total");
    dropping = false;
    pendingBodies = 0;
    pendingBytes = 0;
  }

  private static String bodies(long bodies, long bytes) {
    return bodies + (bodies == 1 ? " body (" : " bodies (") + size(bytes) + ")";
  }

  /** Bytes for a person: {@code 512 bytes}, {@code 64.0 KiB}, {@code 1.5 MiB}. */
  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " bytes";
    }
    if (bytes < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
  }

  private static String describe(Duration duration) {
    long seconds = duration.toSeconds();
    return seconds >= 60 && seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
  }
}
