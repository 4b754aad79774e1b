package io.poolpilot.examples.serviceb;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * service-b of the demo: the front service that must stay available, on Vert.x Web. Its handlers
 * block on I/O, as much existing code does: each request calls service-a and a slow dependency with
 * the JDK's HTTP client and waits for both, on Vert.x's worker pool ({@code blockingHandler}).
 *
 * <ul>
 *   <li>{@code GET /quote}: service-a {@code /hash?rounds=}{@value #QUOTE_ROUNDS} (about 2 ms of
 *       CPU), then the dependency for {@value #QUOTE_DELAY_MS} ms.
 *   <li>{@code GET /report}: service-a {@code /hash?rounds=}{@value #REPORT_ROUNDS}, then the
 *       dependency for {@value #REPORT_DELAY_MS} ms: the slower request the demo's mix change
 *       brings.
 * </ul>
 *
 * <p>The worker pool starts with {@value #WORKERS} threads ({@code vert.x-worker-thread-0}, ...),
 * too few for the load: a size picked when the service served less. Vert.x builds that pool as a
 * JDK {@code ThreadPoolExecutor} ({@code Executors.newFixedThreadPool}), which is what PoolPilot's
 * agent measures and resizes. The handlers are registered unordered: ordered blocking handlers of
 * one event loop run one at a time, whatever the pool's size. Nothing here knows about PoolPilot.
 *
 * <p>{@code FrontService --service-a URL --dependency URL [--port N]} prints {@code listening on
 * PORT}. A failed or refused downstream call answers {@code 502}.
 */
public final class FrontService {
  /** The worker pool's starting size: fixed, the demo's "too few threads". */
  public static final int WORKERS = 4;

  static final int QUOTE_ROUNDS = 400;
  static final int QUOTE_DELAY_MS = 150;
  static final int REPORT_ROUNDS = 800;
  static final int REPORT_DELAY_MS = 400;

  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);

  private final Vertx vertx;
  private final HttpServer server;

  private FrontService(Vertx vertx, HttpServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  /** Starts the service on {@code port} (0: a free one). */
  public static FrontService start(int port, URI serviceA, URI dependency) throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(WORKERS));
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CALL_TIMEOUT)
            .build();
    Downstream downstream = new Downstream(client, serviceA, dependency);
    Router router = Router.router(vertx);
    router
        .get("/quote")
        .blockingHandler(ctx -> downstream.serve(ctx, QUOTE_ROUNDS, QUOTE_DELAY_MS), false);
    router
        .get("/report")
        .blockingHandler(ctx -> downstream.serve(ctx, REPORT_ROUNDS, REPORT_DELAY_MS), false);
    HttpServer server =
        vertx
            .createHttpServer()
            .requestHandler(router)
            .listen(port, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    return new FrontService(vertx, server);
  }

  public int port() {
    return server.actualPort();
  }

  public void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  public static void main(String[] args) throws Exception {
    URI serviceA = null;
    URI dependency = null;
    int port = 0;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--service-a" -> serviceA = URI.create(args[i + 1]);
        case "--dependency" -> dependency = URI.create(args[i + 1]);
        case "--port" -> port = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (serviceA == null || dependency == null || args.length % 2 != 0) {
      System.err.println("usage: FrontService --service-a URL --dependency URL [--port N]");
      System.exit(2);
    }
    FrontService service = start(port, serviceA, dependency);
    System.out.println("listening on " + service.port());
  }

  /** The two blocking calls one request makes. */
  private record Downstream(HttpClient client, URI serviceA, URI dependency) {

    void serve(RoutingContext ctx, int rounds, int delayMs) {
      try {
        String digest = call(serviceA.resolve("/hash?rounds=" + rounds));
        call(dependency.resolve("/slow?ms=" + delayMs));
        ctx.response().putHeader("Content-Type", "text/plain").end(digest);
      } catch (DownstreamException e) {
        ctx.response().setStatusCode(502).end(e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        ctx.response().setStatusCode(503).end("shutting down");
      }
    }

    private String call(URI uri) throws DownstreamException, InterruptedException {
      HttpRequest request = HttpRequest.newBuilder(uri).timeout(CALL_TIMEOUT).GET().build();
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
          throw new DownstreamException(uri + " answered " + response.statusCode());
        }
        return response.body();
      } catch (HttpTimeoutException e) {
        throw new DownstreamException(uri + " did not answer within " + CALL_TIMEOUT);
      } catch (IOException e) {
        throw new DownstreamException(uri + " failed: " + e);
      }
    }
  }

  private static final class DownstreamException extends Exception {
    DownstreamException(String message) {
      super(message);
    }
  }
}
