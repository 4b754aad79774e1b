package io.poolpilot.sidecar;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * What each HTTP listener (agent-facing and API) allows its clients, so that no client, however
 * many connections it opens, can take every file descriptor of the sidecar:
 *
 * <ul>
 *   <li>{@link #IDLE_TIMEOUT}: a connection that sends and receives nothing for 30 s, its request
 *       headers included, is closed. Agents poll every second and keep their connection alive
 *       between polls; an exporter that sends every minute (the OpenTelemetry SDK's default)
 *       connects again, which costs it a handshake a minute. 30 s is also several times the longest
 *       a legitimate request can go silent: a 20 MiB body handled on a worker takes a few seconds.
 *   <li>{@link #MAX_CONNECTIONS} open at once per listener: a connection beyond it is closed as
 *       soon as it is accepted, counted ({@link #refused()}) and reported once, until the listener
 *       falls below half of it again. 1,000 agents on one sidecar hold two or three connections
 *       each; two listeners at the limit hold 8,192 descriptors, well within what a JVM gets on
 *       Linux, so the journal, forwarding and the other listener keep theirs.
 * </ul>
 *
 * <p>HTTP/2 over plain text (h2c) is off on both: with it on, the server waits for a connection's
 * first bytes, to tell HTTP/1.1 from HTTP/2, before it hands the connection to this handler, so a
 * connection that never sends anything would never be counted. Agents, OTLP exporters, browsers and
 * Prometheus speak HTTP/1.1 to a plain-text port; a client that offers to upgrade to h2c simply
 * stays on HTTP/1.1.
 *
 * <p>Thread-safe: a listener's connections arrive on several event loops.
 */
public final class ConnectionLimits implements Handler<HttpConnection> {

  public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

  public static final int MAX_CONNECTIONS = 4096;

  private final String listener;
  private final int maxConnections;
  private final Consumer<String> report;
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicBoolean reported = new AtomicBoolean();

  ConnectionLimits(String listener, int maxConnections, Consumer<String> report) {
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections " + maxConnections + " is below 1");
    }
    this.listener = Objects.requireNonNull(listener, "listener");
    this.maxConnections = maxConnections;
    this.report = Objects.requireNonNull(report, "report");
  }

  /**
   * The connection handler of listener {@code listener} (as a log line names it): at most {@link
   * #MAX_CONNECTIONS}, reported on standard error.
   */
  public static ConnectionLimits of(String listener) {
    return new ConnectionLimits(
        listener,
        MAX_CONNECTIONS,
        line -> {
          System.err.println("poolpilot-sidecar: " + line);
          System.err.flush();
        });
  }

  /** {@code options} with {@link #IDLE_TIMEOUT} and HTTP/2 over plain text off. */
  public static HttpServerOptions serverOptions(HttpServerOptions options) {
    return serverOptions(options, IDLE_TIMEOUT);
  }

  static HttpServerOptions serverOptions(HttpServerOptions options, Duration idle) {
    return options
        .setIdleTimeout((int) idle.toMillis())
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        .setHttp2ClearTextEnabled(false);
  }

  @Override
  public void handle(HttpConnection connection) {
    if (open.incrementAndGet() > maxConnections) {
      open.decrementAndGet();
      refused.incrementAndGet();
      if (reported.compareAndSet(false, true)) {
        report.accept(
            "the "
                + listener
                + " has "
                + maxConnections
                + " connections open, its limit: closing new ones at once (reported once until"
                + " fewer than half are open)");
      }
      connection.close();
      return;
    }
    connection.closeHandler(
        closed -> {
          if (open.decrementAndGet() < maxConnections / 2) {
            reported.set(false);
          }
        });
  }

  /** Connections closed because the listener had {@link #MAX_CONNECTIONS} open. */
  public long refused() {
    return refused.get();
  }

  /** Connections open now. */
  public int open() {
    return open.get();
  }
}
