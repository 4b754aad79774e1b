package io.poolpilot.tuning.sim;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Simulated time as a {@link Clock}: the epoch plus the seconds the simulation has run. */
final class SimulationClock extends Clock {

  private double seconds;

  void set(double seconds) {
    this.seconds = seconds;
  }

  @Override
  public Instant instant() {
    return Instant.EPOCH.plusNanos(Math.round(seconds * 1e9));
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("simulated time has no zones");
  }
}
