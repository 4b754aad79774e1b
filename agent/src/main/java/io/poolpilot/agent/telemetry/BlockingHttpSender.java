package io.poolpilot.agent.telemetry;

import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.Compressor;
import io.opentelemetry.sdk.common.export.HttpResponse;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import io.opentelemetry.sdk.common.export.MessageWriter;
import io.opentelemetry.sdk.common.export.ProxyOptions;
import io.poolpilot.agent.transport.HttpPost;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.MalformedURLException;
import java.net.Proxy;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLSocketFactory;

/**
 * The OTLP exporters' HTTP sender: each export is one {@link HttpPost} on one of the agent's export
 * threads, instead of the SDK's JDK sender, which goes through {@code java.net.http.HttpClient} and
 * its own threads (the cost is measured in docs/benchmarks.md).
 *
 * <p>The message is serialised into a buffer first, so its length is known (no chunking) and a
 * retry on a stale kept-alive connection sends the same bytes. Each export thread keeps its buffer,
 * so a steady flow of exports allocates no new one; a buffer grown past {@link #KEPT_BUFFER_BYTES}
 * by an unusually large batch is dropped after use. The exporters are built without retries (the
 * agent sets none: cumulative metrics make the next export carry everything), and this sender does
 * none beyond {@link HttpPost}'s one for a stale connection.
 *
 * <p>The exchange runs on the thread that asks for the export. The SDK's metric reader and batch
 * span processor each export from a worker thread of their own and wait for the result, so a thread
 * per exporter here would only add a hand-off and two threads to the application's count. Each
 * worker sends one export at a time; a slow endpoint holds that worker alone, for at most the
 * exchange's own bounds, while spans wait in the processor's bounded queue (dropped once it is
 * full) and metrics, being cumulative, lose nothing.
 */
final class BlockingHttpSender implements HttpSender {
  static final int KEPT_BUFFER_BYTES = 4 << 20;

  private final HttpPost post;
  private final String contentType;
  private final Compressor compressor;
  private final Supplier<Map<String, List<String>>> headers;
  private final ThreadLocal<ExportBuffer> buffers = ThreadLocal.withInitial(ExportBuffer::new);

  BlockingHttpSender(
      HttpPost post,
      String contentType,
      Compressor compressor,
      Supplier<Map<String, List<String>>> headers) {
    this.post = post;
    this.contentType = contentType;
    this.compressor = compressor;
    this.headers = headers;
  }

  /** Only this sender, whatever else the agent's class path holds. */
  static ComponentLoader componentLoader() {
    ComponentLoader defaults =
        ComponentLoader.forClassLoader(BlockingHttpSender.class.getClassLoader());
    HttpSenderProvider provider = BlockingHttpSender::create;
    return new ComponentLoader() {
      @Override
      @SuppressWarnings("unchecked")
      public <T> Iterable<T> load(Class<T> type) {
        return type == HttpSenderProvider.class ? List.of((T) provider) : defaults.load(type);
      }
    };
  }

  static HttpSender create(HttpSenderConfig config) {
    HttpPost post;
    try {
      post =
          new HttpPost(
              config.getEndpoint().toURL(),
              proxy(config.getProxyOptions(), config.getEndpoint()),
              tls(config),
              config.getConnectTimeout(),
              config.getTimeout(),
              (int) Math.min(Integer.MAX_VALUE, Math.max(0, config.getMaxResponseBodySize())));
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("not an HTTP endpoint: " + config.getEndpoint(), e);
    }
    return new BlockingHttpSender(
        post, config.getContentType(), config.getCompressor(), config.getHeadersSupplier());
  }

  private static Proxy proxy(ProxyOptions options, URI endpoint) {
    if (options == null) {
      return Proxy.NO_PROXY;
    }
    List<Proxy> choices = options.getProxySelector().select(endpoint);
    return choices.isEmpty() ? Proxy.NO_PROXY : choices.get(0);
  }

  private static SSLSocketFactory tls(HttpSenderConfig config) {
    return config.getSslContext() == null ? null : config.getSslContext().getSocketFactory();
  }

  @Override
  public void send(
      MessageWriter message, Consumer<HttpResponse> onResponse, Consumer<Throwable> onError) {
    HttpResponse response;
    try {
      response = exchange(message);
    } catch (IOException | RuntimeException e) {
      onError.accept(e);
      return;
    }
    onResponse.accept(response);
  }

  private HttpResponse exchange(MessageWriter message) throws IOException {
    ExportBuffer buffer = buffers.get();
    buffer.reset();
    Map<String, List<String>> requestHeaders = new HashMap<>();
    Map<String, List<String>> configured = headers == null ? null : headers.get();
    if (configured != null) {
      requestHeaders.putAll(configured);
    }
    requestHeaders.put("Content-Type", List.of(contentType));
    if (compressor != null) {
      requestHeaders.put("Content-Encoding", List.of(compressor.getEncoding()));
      try (OutputStream compressed = compressor.compress(buffer)) {
        message.writeMessage(compressed);
      }
    } else {
      message.writeMessage(buffer);
    }
    try {
      HttpPost.Answer answer = post.send(requestHeaders, buffer.bytes(), buffer.size());
      return new Response(answer.status(), answer.message(), answer.body());
    } finally {
      if (buffer.bytes().length > KEPT_BUFFER_BYTES) {
        buffers.remove();
      }
    }
  }

  @Override
  public CompletableResultCode shutdown() {
    // Nothing of its own to stop: exports run on the SDK's worker threads.
    return CompletableResultCode.ofSuccess();
  }

  /** A byte array stream whose array is read without a copy. */
  private static final class ExportBuffer extends ByteArrayOutputStream {
    ExportBuffer() {
      super(16 * 1024);
    }

    byte[] bytes() {
      return buf;
    }
  }

  private record Response(int status, String message, byte[] body) implements HttpResponse {
    @Override
    public int getStatusCode() {
      return status;
    }

    @Override
    public String getStatusMessage() {
      return message == null ? "" : message;
    }

    @Override
    public byte[] getResponseBody() {
      return body;
    }
  }
}
