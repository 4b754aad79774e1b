package io.poolpilot.sidecar;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.TimeUnit;

/**
 * The Vert.x instance a sidecar process runs on, sized for a sidecar rather than for a server.
 *
 * <p>Vert.x's defaults suit an application that owns its machine: twenty worker threads, created
 * one by one as work arrives until all twenty exist, each with its own stack and allocator arena. A
 * sidecar's blocking work (control polls, decisions, journal writes, large OTLP bodies) is short
 * and CPU-bound, so more workers than twice the processors only cost memory: a tenth of the
 * resident memory of a sidecar for one service.
 *
 * <p>An event loop blocked for {@link #EVENT_LOOP_LIMIT_MS} is reported (Vert.x's own warning,
 * naming the thread): every agent's export and control poll waits behind it, and the answers are
 * meant to stay under that even for a thousand instances. Vert.x's default of two seconds would
 * hide every stall that matters.
 */
public final class SidecarVertx {

  /** An event-loop task longer than this is reported. */
  static final long EVENT_LOOP_LIMIT_MS = 100;

  private SidecarVertx() {}

  /** The options: workers and event loops by the processors this process may use. */
  public static VertxOptions options() {
    int processors = Runtime.getRuntime().availableProcessors();
    return new VertxOptions()
        .setEventLoopPoolSize(Math.max(1, processors))
        .setWorkerPoolSize(Math.max(4, 2 * processors))
        .setInternalBlockingPoolSize(Math.max(2, processors))
        .setMaxEventLoopExecuteTime(EVENT_LOOP_LIMIT_MS)
        .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS);
  }

  /** A new Vert.x with {@link #options()}. */
  public static Vertx create() {
    return Vertx.vertx(options());
  }
}
