package io.poolpilot.sidecar.forward;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * How long the forwarder waits before it tries a payload again.
 *
 * <p>After the {@code n}-th failure in a row: {@code d = min(max, initial · 2^(n-1))}, then a
 * random point in {@code [d/2, d]} ("equal jitter"), so that sidecars that lost one collector
 * together do not all come back in the same millisecond, while the wait still grows. The defaults,
 * 500 ms doubling to 30 s, retry a collector restart within a second or two and cost a dead one a
 * request every half-minute.
 *
 * <p>An upstream that says {@code Retry-After} (with 429 or 503) is taken at its word, up to {@link
 * #MAX_RETRY_AFTER}, so a wrong header cannot park forwarding for a day.
 */
public final class Backoff {

  public static final Duration DEFAULT_INITIAL = Duration.ofMillis(500);

  public static final Duration DEFAULT_MAX = Duration.ofSeconds(30);

  public static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

  private final Duration initial;
  private final Duration max;
  private final DoubleSupplier random;

  /**
   * @param random values in [0, 1), such as {@code Math::random}
   */
  public Backoff(Duration initial, Duration max, DoubleSupplier random) {
    this.initial = Objects.requireNonNull(initial, "initial");
    this.max = Objects.requireNonNull(max, "max");
    this.random = Objects.requireNonNull(random, "random");
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "back-off from " + initial + " to " + max + ", expected 0 < initial <= max");
    }
  }

  public static Backoff defaults() {
    return new Backoff(DEFAULT_INITIAL, DEFAULT_MAX, Math::random);
  }

  /**
   * The wait after {@code failures} failures in a row (1 for the first).
   *
   * @param retryAfter what the upstream asked for, if it did
   */
  public Duration delay(int failures, Optional<Duration> retryAfter) {
    if (retryAfter.isPresent()) {
      Duration asked = retryAfter.get();
      return asked.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : asked;
    }
    int doublings = Math.min(Math.max(failures, 1) - 1, 30);
    long ceiling = Math.min(max.toMillis(), initial.toMillis() << doublings);
    if (ceiling <= 0) {
      ceiling = max.toMillis();
    }
    long half = ceiling / 2;
    return Duration.ofMillis(half + (long) (random.getAsDouble() * (ceiling - half)));
  }

  /**
   * Reads a {@code Retry-After} header: a number of seconds, or an HTTP date (then the time from
   * {@code now}). Empty when absent or unreadable; a date in the past means 0.
   */
  public static Optional<Duration> retryAfter(String header, Instant now) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String value = header.trim();
    try {
      long seconds = Long.parseLong(value);
      return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration wait = Duration.between(now, at);
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
      } catch (DateTimeParseException notADate) {
        return Optional.empty();
      }
    }
  }
}
