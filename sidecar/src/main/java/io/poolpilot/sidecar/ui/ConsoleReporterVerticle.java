package io.poolpilot.sidecar.ui;

import io.poolpilot.sidecar.model.PoolModel;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * Prints the {@link PoolTable} to a stream every interval, for {@code --console}: the quickest way
 * to watch pools from a terminal or a demo script's log, with nothing else running.
 */
public final class ConsoleReporterVerticle extends VerticleBase {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final PoolModel model;
  private final Duration interval;
  private final PrintStream out;
  private final Clock clock;
  private long timer = -1;

  public ConsoleReporterVerticle(PoolModel model, Duration interval, PrintStream out, Clock clock) {
    this.model = Objects.requireNonNull(model, "model");
    this.interval = Objects.requireNonNull(interval, "interval");
    this.out = Objects.requireNonNull(out, "out");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(interval.toMillis(), id -> report());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }

  private void report() {
    String now = TIME.format(LocalTime.now(clock));
    out.print("-- poolpilot pools at " + now + " --\n" + PoolTable.render(model.snapshots()));
    out.flush();
  }
}
