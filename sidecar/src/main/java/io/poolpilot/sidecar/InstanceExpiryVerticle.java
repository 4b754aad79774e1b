package io.poolpilot.sidecar;

import io.poolpilot.sidecar.auth.AgentSessions;
import io.poolpilot.sidecar.control.ControlService;
import io.poolpilot.sidecar.model.ExpiredInstance;
import io.poolpilot.sidecar.model.LiveModel;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Forgets processes that stopped reporting: the model forgets a process silent for longer than
 * {@code instance.expiry} with its pools ({@link io.poolpilot.sidecar.model.PoolModel#expire}),
 * then its CPU figures, its decision loop with its agent's report and its last issued version
 * ({@link ControlService#forget}) and its session binding go too (a process of that id must prove
 * itself again; unless its agent was taken in again since the sweep began, {@link
 * AgentSessions#releaseIfNotAdmittedSince}), and the console says so once per process. Checks a few
 * times per expiry period, so a process is forgotten at most a quarter of the period late.
 */
public final class InstanceExpiryVerticle extends VerticleBase {

  private static final Duration MIN_CHECK = Duration.ofMillis(100);
  private static final Duration MAX_CHECK = Duration.ofSeconds(15);

  private final LiveModel live;
  private final ControlService control;
  private final AgentSessions sessions;
  private final Duration expiry;
  private final PrintStream console;
  private long timer = -1;

  public InstanceExpiryVerticle(
      LiveModel live,
      ControlService control,
      AgentSessions sessions,
      Duration expiry,
      PrintStream console) {
    this.live = Objects.requireNonNull(live, "live");
    this.control = Objects.requireNonNull(control, "control");
    this.sessions = Objects.requireNonNull(sessions, "sessions");
    this.expiry = Objects.requireNonNull(expiry, "expiry");
    this.console = Objects.requireNonNull(console, "console");
  }

  @Override
  public Future<?> start() {
    // On a worker: forgetting waits while a pin or a version is being journaled.
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
    // Taken first: an instance whose agent is taken in again after the model expired it keeps its
    // session.
    long admissions = sessions.admissions();
    List<ExpiredInstance> expired = live.pools().expire(expiry);
    for (ExpiredInstance gone : expired) {
      Set<String> pools = new TreeSet<>(gone.pools());
      pools.addAll(control.forget(gone.key()));
      live.processes().forget(gone.key());
      sessions.releaseIfNotAdmittedSince(gone.key(), admissions);
      console.println(
          "poolpilot-sidecar: instance "
              + gone.key()
              + " stopped reporting "
              + gone.silentFor().toSeconds()
              + "s ago (instance.expiry "
              + expiry.toSeconds()
              + "s); forgot it and its "
              + pools.size()
              + (pools.size() == 1 ? " pool" : " pools"));
    }
    control.forgetSilent(expiry);
    if (!expired.isEmpty()) {
      console.flush();
    }
    return expired;
  }
}
