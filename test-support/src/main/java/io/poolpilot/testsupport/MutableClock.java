package io.poolpilot.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that stands still until its owner moves it: tests drive time-based code with it instead
 * of sleeping, and the simulator runs the tuner on simulated time. Reads are safe from any thread.
 */
public final class MutableClock extends Clock {

  /** Where a clock starts when the test does not care. */
  public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

  private volatile Instant now;

  public MutableClock() {
    this(DEFAULT_START);
  }

  public MutableClock(Instant start) {
    this.now = start;
  }

  public void advance(Duration by) {
    now = now.plus(by);
  }

  public void set(Instant instant) {
    now = instant;
  }

  /** Sets the time to {@code seconds} after the epoch, to the nearest nanosecond. */
  public void setSecondsSinceEpoch(double seconds) {
    now = Instant.EPOCH.plusNanos(Math.round(seconds * 1e9));
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public long millis() {
    return now.toEpochMilli();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  /** The same instant: this clock only ever tells UTC. */
  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
