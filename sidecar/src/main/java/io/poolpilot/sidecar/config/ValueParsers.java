package io.poolpilot.sidecar.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The value syntaxes several settings share, kept in one place so that {@code 5s} or {@code 16MiB}
 * means the same wherever it is accepted. Each throws a plain exception on a bad value; {@link
 * RawSettings} turns that into a message naming the setting, its source and what was expected.
 */
final class ValueParsers {

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)");
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB)?");

  private ValueParsers() {}

  /** A host name or address: anything non-empty without whitespace, left for the resolver. */
  static String host(String value) {
    if (value.isEmpty() || value.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(value);
    }
    return value;
  }

  static int port(String value) {
    int port = Integer.parseInt(value);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(value);
    }
    return port;
  }

  static boolean bool(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(value);
    };
  }

  /** A {@link #duration} from {@code min} to {@code max}, both included. */
  static Duration durationWithin(String value, Duration min, Duration max) {
    Duration duration = duration(value);
    if (duration.compareTo(min) < 0 || duration.compareTo(max) > 0) {
      throw new IllegalArgumentException(value);
    }
    return duration;
  }

  /** A positive whole number of {@code ms}, {@code s} or {@code m}. */
  static Duration duration(String value) {
    Matcher m = DURATION.matcher(value);
    if (!m.matches()) {
      throw new IllegalArgumentException(value);
    }
    long amount = Long.parseLong(m.group(1));
    Duration duration =
        switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          default -> Duration.ofMinutes(amount);
        };
    if (duration.isZero()) {
      throw new IllegalArgumentException(value);
    }
    return duration;
  }

  /** A size in bytes: a whole number, optionally followed by {@code B}, {@code KiB}, ... */
  static long bytes(String value) {
    Matcher m = SIZE.matcher(value);
    if (!m.matches()) {
      throw new IllegalArgumentException(value);
    }
    long unit =
        switch (m.group(2) == null ? "B" : m.group(2)) {
          case "KiB" -> 1L << 10;
          case "MiB" -> 1L << 20;
          case "GiB" -> 1L << 30;
          default -> 1;
        };
    return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
  }

  static Path path(String value) {
    if (value.isEmpty()) {
      throw new IllegalArgumentException(value);
    }
    return Path.of(value);
  }

  static int positiveWhole(String value) {
    int number = Integer.parseInt(value);
    if (number < 1) {
      throw new IllegalArgumentException(value);
    }
    return number;
  }

  /** A number above 0 and at most 1. */
  static double fraction(String value) {
    double number = Double.parseDouble(value);
    if (!(number > 0 && number <= 1)) {
      throw new IllegalArgumentException(value);
    }
    return number;
  }

  /** Items between commas, kept as written: empty and padded items are for the caller to judge. */
  static List<String> commaSeparated(String value) {
    return List.of(value.split(",", -1));
  }

  /** Words between runs of whitespace; no quoting, so a word with spaces needs a YAML list. */
  static List<String> whitespaceSeparated(String value) {
    return List.of(value.trim().split("\\s+"));
  }
}
