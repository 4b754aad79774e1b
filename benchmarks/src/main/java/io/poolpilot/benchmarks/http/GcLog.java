package io.poolpilot.benchmarks.http;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The collector's pauses of one service, read from the log its JVM writes with {@link #option}:
 * what happened since the last {@link #pausesSinceMark()}. A fixed-rate run's p99 can rest on one
 * stall of a few hundred milliseconds (run A5's PoolPilot repetition 2: 263 ms, A3's repetition 3:
 * 274 ms); these say whether the collector made it, and a full collection in one variant only
 * points at what that variant keeps live on a heap all variants share the size of.
 */
final class GcLog {
  /** {@code ... Pause Young (Allocation Failure) 80M->20M(247M) 12.345ms}, as {@code -Xlog:gc}. */
  private static final Pattern PAUSE =
      Pattern.compile("Pause (\\w+).*?([0-9]+(?:\\.[0-9]+)?)ms\\s*$");

  private final Path file;
  private long readUpTo;

  /** Pauses counted over some span: how many, the longest, and how many were full collections. */
  record Pauses(int count, double maxMillis, int full) {
    static final Pauses NONE = new Pauses(0, 0, 0);

    Pauses plus(String kind, double millis) {
      return new Pauses(
          count + 1, Math.max(maxMillis, millis), full + ("Full".equals(kind) ? 1 : 0));
    }

    /** For a results table: {@code count / max ms / full}. */
    String cell() {
      return String.format(java.util.Locale.ROOT, "%d / %.1f / %d", count, maxMillis, full);
    }
  }

  GcLog(Path file) {
    this.file = file;
  }

  /** The JVM option that makes a service write this log. */
  String option() {
    return "-Xlog:gc:file=" + file;
  }

  /**
   * The pauses logged since the previous call (since the start for the first), complete lines only.
   */
  Pauses pausesSinceMark() throws IOException {
    if (!Files.exists(file)) {
      return Pauses.NONE;
    }
    byte[] fresh;
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long length = in.length();
      if (length <= readUpTo) {
        return Pauses.NONE;
      }
      fresh = new byte[(int) (length - readUpTo)];
      in.seek(readUpTo);
      in.readFully(fresh);
    }
    int lastNewline = lastIndexOf(fresh, (byte) '\n');
    if (lastNewline < 0) {
      return Pauses.NONE;
    }
    readUpTo += lastNewline + 1;
    return parse(new String(fresh, 0, lastNewline + 1, StandardCharsets.UTF_8));
  }

  /** The pauses in {@code text}, lines of {@code -Xlog:gc} output; other lines are skipped. */
  static Pauses parse(String text) {
    Pauses pauses = Pauses.NONE;
    for (String line : text.split("\n")) {
      Matcher m = PAUSE.matcher(line);
      if (m.find()) {
        pauses = pauses.plus(m.group(1), Double.parseDouble(m.group(2)));
      }
    }
    return pauses;
  }

  private static int lastIndexOf(byte[] bytes, byte b) {
    for (int i = bytes.length - 1; i >= 0; i--) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
