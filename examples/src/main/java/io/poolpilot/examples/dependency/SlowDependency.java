package io.poolpilot.examples.dependency;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.TimeUnit;

/**
 * The slow dependency the demo simulates (a database, a partner's API): {@code GET /slow?ms=N}
 * answers after N milliseconds (0 to 10 000). It waits on a timer, not on a thread, so it never
 * becomes the bottleneck itself however many calls wait at once: the waiting belongs to its
 * callers' threads, as with a real remote dependency.
 *
 * <p>{@code SlowDependency [port]} (0 or nothing: a free port) prints {@code listening on PORT}.
 */
public final class SlowDependency {
  static final long MAX_DELAY_MS = 10_000;

  private final Vertx vertx;
  private final HttpServer server;

  private SlowDependency(Vertx vertx, HttpServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  /** Starts it on {@code port} (0: a free one). */
  public static SlowDependency start(int port) throws Exception {
    Vertx vertx = Vertx.vertx();
    HttpServer server =
        vertx
            .createHttpServer()
            .requestHandler(request -> answer(vertx, request))
            .listen(port, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    return new SlowDependency(vertx, server);
  }

  private static void answer(Vertx vertx, HttpServerRequest request) {
    if (!"/slow".equals(request.path())) {
      request.response().setStatusCode(404).end("only /slow?ms=N is here");
      return;
    }
    long delay;
    try {
      String value = request.getParam("ms");
      delay = value == null ? 100 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      delay = -1;
    }
    if (delay < 0 || delay > MAX_DELAY_MS) {
      request.response().setStatusCode(400).end("ms must be from 0 to " + MAX_DELAY_MS);
      return;
    }
    if (delay == 0) {
      request.response().end("ok");
    } else {
      vertx.setTimer(delay, id -> request.response().end("ok"));
    }
  }

  public int port() {
    return server.actualPort();
  }

  public void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  public static void main(String[] args) throws Exception {
    SlowDependency dependency = start(args.length > 0 ? Integer.parseInt(args[0]) : 0);
    System.out.println("listening on " + dependency.port());
  }
}
