package io.poolpilot.agent.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code POST /v1/poolpilot/control} with the JDK's HTTP client, bounded in time and size as a
 * whole exchange. {@code HttpRequest.timeout} only covers the wait for the response headers: a
 * server that sends headers and then stalls the body would block a plain {@code send} for good, and
 * with it every later poll and the expiry that gives pools their sizes back.
 */
final class HttpControlTransport implements ControlTransport {
  static final Duration TIMEOUT = Duration.ofSeconds(5);
  static final int MAX_ANSWER_BYTES = 1 << 20;

  private final HttpClient client;
  private final URI uri;
  private final String token;

  HttpControlTransport(URI uri, String token) {
    this.client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    this.uri = uri;
    this.token = token;
  }

  @Override
  public byte[] exchange(byte[] agentMessage) throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(agentMessage));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    CompletableFuture<HttpResponse<byte[]>> exchange =
        client.sendAsync(request.build(), info -> new LimitedBody(MAX_ANSWER_BYTES));
    HttpResponse<byte[]> response;
    try {
      response = exchange.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      exchange.cancel(true);
      throw new IOException(
          "no complete answer from " + uri + " within " + TIMEOUT.toSeconds() + " s");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof IOException io ? io : new IOException(String.valueOf(cause), cause);
    }
    if (response.statusCode() != 200) {
      throw new RefusedException("HTTP " + response.statusCode() + " from " + uri);
    }
    return response.body();
  }

  /** The sidecar answered, but not with a desired state: a wrong token, a wrong path. */
  static final class RefusedException extends IOException {
    RefusedException(String message) {
      super(message);
    }
  }

  /** Collects the body, failing as soon as it grows past its limit. */
  private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final int limit;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    LimitedBody(int limit) {
      this.limit = limit;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      for (ByteBuffer buffer : buffers) {
        if (bytes.size() + buffer.remaining() > limit) {
          subscription.cancel();
          result.completeExceptionally(
              new IOException("the answer is larger than " + limit + " bytes"));
          return;
        }
        byte[] chunk = new byte[buffer.remaining()];
        buffer.get(chunk);
        bytes.write(chunk, 0, chunk.length);
      }
    }

    @Override
    public void onError(Throwable error) {
      result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
      result.complete(bytes.toByteArray());
    }
  }
}
