package io.poolpilot.examples.serviceb;

import io.poolpilot.examples.servicea.HashWork;
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
 * block on I/O, as much existing code does: each request does a little CPU work of its own (SHA-256
 * rounds, {@link HashWork}: signing the answer, say) and then calls a slow dependency with the
 * JDK's HTTP client and waits for it, on Vert.x's worker pool ({@code blockingHandler}).
 *
 * <ul>
 *   <li>{@code GET /quote}: {@value #QUOTE_ROUNDS} rounds (about 4 ms of CPU), then the dependency
 *       for {@value #QUOTE_DELAY_MS} ms.
 *   <li>{@code GET /report}: {@value #REPORT_ROUNDS} rounds, then the dependency for {@value
 *       #REPORT_DELAY_MS} ms: the slower request the demo's mix change brings.
 * </ul>
 *
 * <p>It does not call service-a: the two share the node's processors and nothing else. (It used to
 * call service-a's {@code /hash}, whose calls then queued in the same 200-task worker queue as
 * service-a's own surge: that queue filled and service-b answered 502 whatever the processors did,
 * so no sharing of processors could keep it available.) What service-a's hashing takes from it is
 * processors: its few milliseconds of CPU a request wait in the run queue behind every runnable
 * hashing thread.
 *
 * <p>The worker pool starts with {@value #WORKERS} threads ({@code vert.x-worker-thread-0}, ...),
 * too few for the load: a size picked when the service served less. Vert.x builds that pool as a
 * JDK {@code ThreadPoolExecutor} ({@code Executors.newFixedThreadPool}), which is what PoolPilot's
 * agent measures and resizes. The handlers are registered unordered: ordered blocking handlers of
 * one event loop run one at a time, whatever the pool's size. Nothing here knows about PoolPilot.
 *
 * <p>{@code FrontService --dependency URL [--port N]} prints {@code listening on PORT}. A failed or
 * refused dependency call answers {@code 502}.
 */
public final class FrontService {
  /** The worker pool's starting size: fixed, the demo's "too few threads". */
  public static final int WORKERS = 4;

  static final int QUOTE_ROUNDS = 1000;
  static final int QUOTE_DELAY_MS = 150;
  static final int REPORT_ROUNDS = 2000;
  static final int REPORT_DELAY_MS = 400;

  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);

  private final Vertx vertx;
  private final HttpServer server;

  private FrontService(Vertx vertx, HttpServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  /** Starts the service on {@code port} (0: a free one). */
  public static FrontService start(int port, URI dependency) throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(WORKERS));
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CALL_TIMEOUT)
            .build();
    Downstream downstream = new Downstream(client, dependency);
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
    URI dependency = null;
    int port = 0;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--dependency" -> dependency = URI.create(args[i + 1]);
        case "--port" -> port = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (dependency == null || args.length % 2 != 0) {
      System.err.println("usage: FrontService --dependency URL [--port N]");
      System.exit(2);
    }
    FrontService service = start(port, dependency);
    System.out.println("listening on " + service.port());
  }

  /** One request's work: its own CPU work, then the blocking call to the dependency. */
  private record Downstream(HttpClient client, URI dependency) {

    void serve(RoutingContext ctx, int rounds, int delayMs) {
      try {
        String digest = HashWork.run(rounds);
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
