package io.poolpilot.sidecar.testing;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Real HTTP requests to a listener on loopback, answered as a plain value for assertions. */
public final class Http {

  /** One response: status, headers and the whole body. */
  public record Reply(int status, MultiMap headers, Buffer body) {
    public String contentType() {
      return headers.get("Content-Type");
    }
  }

  private Http() {}

  /**
   * Sends one request on a Vert.x context of its own. Composed from the test's thread instead, the
   * client hands the response over in a separate task, and a short answer that has already ended by
   * then never completes its body: rare for one request, certain within thousands.
   */
  public static Future<Reply> send(
      Vertx vertx, HttpMethod method, int port, String path, MultiMap headers, Buffer body) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(method)
            .setHost("127.0.0.1")
            .setPort(port)
            .setURI(path)
            .setHeaders(headers);
    Promise<Reply> reply = Promise.promise();
    vertx
        .getOrCreateContext()
        .runOnContext(
            ignored -> {
              HttpClient client = vertx.createHttpClient();
              exchange(client, options, body).eventually(() -> client.close()).onComplete(reply);
            });
    return reply.future();
  }

  /** One request and its whole answer, on {@code client}; call it on a Vert.x context. */
  public static Future<Reply> exchange(HttpClient client, RequestOptions options, Buffer body) {
    return client
        .request(options)
        .compose(request -> request.send(body))
        .compose(
            response ->
                response.body().map(b -> new Reply(response.statusCode(), response.headers(), b)));
  }

  public static Future<Reply> post(
      Vertx vertx, int port, String path, String contentType, Buffer body) {
    return send(vertx, HttpMethod.POST, port, path, headers("Content-Type", contentType), body);
  }

  public static Future<Reply> get(Vertx vertx, int port, String path) {
    return send(
        vertx, HttpMethod.GET, port, path, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer());
  }

  /**
   * Waits for {@code future} on the test's own thread (never an event loop), so a test of several
   * steps reads top to bottom. Fails after 30 s (a loaded CI machine can stall a JVM for seconds)
   * rather than hanging the build.
   */
  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("no answer within 30 s", e);
    }
  }

  public static MultiMap headers(String... namesAndValues) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return headers;
  }
}
