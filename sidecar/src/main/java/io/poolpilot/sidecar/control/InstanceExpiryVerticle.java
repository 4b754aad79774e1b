package io.poolpilot.sidecar.control;

import io.poolpilot.sidecar.model.ExpiredInstance;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Forgets processes that stopped reporting (see {@link ControlService#expire}) and says so once per
 * process on the console. Checks a few times per expiry period, so a process is forgotten at most a
 * quarter of the period late.
 */
public final class InstanceExpiryVerticle extends VerticleBase {

  private static final Duration MIN_CHECK = Duration.ofMillis(100);
  private static final Duration MAX_CHECK = Duration.ofSeconds(15);

  private final ControlService control;
  private final Duration expiry;
  private final PrintStream console;
  private long timer = -1;

  public InstanceExpiryVerticle(ControlService control, Duration expiry, PrintStream console) {
    this.control = Objects.requireNonNull(control, "control");
    this.expiry = Objects.requireNonNull(expiry, "expiry");
    this.console = Objects.requireNonNull(console, "console");
  }

  @Override
  public Future<?> start() {
    // On a worker: expiring waits while a pin or a version is being journaled.
    timer =
        vertx.setPeriodic(checkEvery(expiry).toMillis(), id -> vertx.executeBlocking(this::sweep));
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }

  static Duration checkEvery(Duration expiry) {
    Duration quarter = expiry.dividedBy(4);
    if (quarter.compareTo(MIN_CHECK) < 0) {
      return MIN_CHECK;
    }
    return quarter.compareTo(MAX_CHECK) > 0 ? MAX_CHECK : quarter;
  }

  /** Expires what is due and logs each forgotten process; returns them. */
  List<ExpiredInstance> sweep() {
    List<ExpiredInstance> expired = control.expire(expiry);
    for (ExpiredInstance gone : expired) {
      console.println(
          "poolpilot-sidecar: instance "
              + gone.key()
              + " stopped reporting "
              + gone.silentFor().toSeconds()
              + "s ago (instance.expiry "
              + expiry.toSeconds()
              + "s); forgot it and its "
              + gone.pools()
              + (gone.pools() == 1 ? " pool" : " pools"));
    }
    if (!expired.isEmpty()) {
      console.flush();
    }
    return expired;
  }
}
