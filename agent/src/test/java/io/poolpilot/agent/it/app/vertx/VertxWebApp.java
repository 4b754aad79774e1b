package io.poolpilot.agent.it.app.vertx;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A Vert.x 5 application, written as one would without an agent. A Vert.x Web server:
 *
 * <ul>
 *   <li>{@code GET /owners/:id}: a method-reference handler;
 *   <li>{@code GET /health}: a lambda handler;
 *   <li>{@code GET /boom}: a handler that throws; {@code GET /refused}: {@code ctx.fail(503)};
 *   <li>{@code GET /slow/:tag}: answers from a timer {@link #DELAY_MS} later, looking the owner up
 *       there;
 *   <li>{@code GET /blocking}: looks the owner up in {@code executeBlocking} on a worker thread;
 *   <li>{@code GET /offthread}: a plain JDK thread ends the response {@link #DELAY_MS} later;
 *   <li>{@code GET /hang}: never answers; prints {@code hanging /hang};
 *   <li>{@code GET /api/pets/:petId}: a sub-router mounted on {@code /api/*};
 *   <li>{@code GET /owners/:id/visits/:visit}: a sub-router mounted on a path with a parameter.
 * </ul>
 *
 * And a plain vertx-core server answering any path from a lambda request handler. Prints {@code
 * listening <web port> <core port>} and stops on a line on stdin.
 */
public final class VertxWebApp extends VerticleBase {
  public static final long DELAY_MS = 400;

  private final ScheduledExecutorService offload =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "offload"));
  private HttpServer web;
  private HttpServer core;

  public static void main(String[] args) throws Exception {
    Vertx vertx = Vertx.vertx();
    VertxWebApp app = new VertxWebApp();
    vertx.deployVerticle(app).await();
    System.out.println("listening " + app.web.actualPort() + " " + app.core.actualPort());
    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    vertx.close().await();
    app.offload.shutdownNow();
    System.out.println("stopped");
  }

  @Override
  public Future<?> start() {
    Router api = Router.router(vertx);
    api.get("/pets/:petId").handler(this::pet);
    Router visits = Router.router(vertx);
    visits.get("/:visit").handler(this::visit);

    Router router = Router.router(vertx);
    router.get("/owners/:id").handler(this::owner);
    router.get("/health").handler(ctx -> ctx.response().end("ok"));
    router.get("/boom").handler(this::boom);
    router.get("/refused").handler(ctx -> ctx.fail(503));
    router.get("/slow/:tag").handler(this::slow);
    router.get("/blocking").handler(this::blocking);
    router.get("/offthread").handler(this::offThread);
    router.get("/hang").handler(this::hang);
    router.route("/api/*").subRouter(api);
    router.route("/owners/:id/visits/*").subRouter(visits);

    Future<HttpServer> webStarted =
        vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1");
    Future<HttpServer> coreStarted =
        vertx
            .createHttpServer()
            .requestHandler(req -> req.response().end("core " + req.path()))
            .listen(0, "127.0.0.1");
    return Future.all(webStarted, coreStarted)
        .onSuccess(
            started -> {
              web = webStarted.result();
              core = coreStarted.result();
            });
  }

  private void owner(RoutingContext ctx) {
    ctx.response().end("owner " + ctx.pathParam("id"));
  }

  private void pet(RoutingContext ctx) {
    ctx.response().end("pet " + ctx.pathParam("petId"));
  }

  private void visit(RoutingContext ctx) {
    ctx.response().end("visit " + ctx.pathParam("visit") + " of " + ctx.pathParam("id"));
  }

  private void boom(RoutingContext ctx) {
    throw new IllegalStateException("boom");
  }

  private void slow(RoutingContext ctx) {
    vertx.setTimer(
        DELAY_MS, id -> ctx.response().end(OwnerLookup.find("slow " + ctx.pathParam("tag"))));
  }

  private void blocking(RoutingContext ctx) {
    vertx
        .executeBlocking(() -> OwnerLookup.find("blocking"))
        .onComplete(
            found -> ctx.response().end(found.succeeded() ? found.result() : "lookup failed"));
  }

  private void offThread(RoutingContext ctx) {
    offload.schedule(() -> ctx.response().end("off"), DELAY_MS, TimeUnit.MILLISECONDS);
  }

  private void hang(RoutingContext ctx) {
    System.out.println("hanging " + ctx.request().path());
  }

  /** Work a handler does; named in the agent's {@code handlers} key to show the current span. */
  public static final class OwnerLookup {
    private OwnerLookup() {}

    public static String find(String owner) {
      return "found " + owner + " on " + Thread.currentThread().getName();
    }
  }
}
