package io.poolpilot.agent.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP POST at a time on the calling thread, through the JDK's {@link HttpURLConnection},
 * bounded in time and answer size as a whole exchange.
 *
 * <p>Why not {@code java.net.http.HttpClient}: every client keeps a selector thread and a pool of
 * workers, and every exchange crosses them through a chain of futures. For an agent that posts a
 * few kilobytes to a loopback sidecar every second that was most of its background CPU (measured in
 * docs/benchmarks.md) and five threads per client. {@code HttpURLConnection} does the same POST on
 * the caller's thread and keeps the connection alive in the JDK's own cache.
 *
 * <p>Bounds: a connect time-out; a read time-out on every read; and a deadline for the whole
 * exchange, checked between reads, so a server that trickles its answer cannot hold the caller
 * longer than the time-out plus one read. An answer larger than its limit is cut off and the
 * connection dropped. Proxies are not used unless given: the sidecar runs beside the service, and a
 * JVM-wide {@code http.proxyHost} meant for the application must not reroute the agent.
 */
public final class HttpPost {
  private static final int READ_CHUNK = 8192;

  private final URL url;
  private final Proxy proxy;
  private final SSLSocketFactory tls;
  private final Duration connectTimeout;
  private final Duration timeout;
  private final int maxAnswerBytes;

  /**
   * @param proxy {@link Proxy#NO_PROXY} for a direct connection
   * @param tls the socket factory for {@code https} endpoints, or null for the JVM's default
   */
  public HttpPost(
      URL url,
      Proxy proxy,
      SSLSocketFactory tls,
      Duration connectTimeout,
      Duration timeout,
      int maxAnswerBytes) {
    this.url = url;
    this.proxy = proxy;
    this.tls = tls;
    this.connectTimeout = connectTimeout;
    this.timeout = timeout;
    this.maxAnswerBytes = maxAnswerBytes;
  }

  /** A direct connection with the JVM's default TLS settings. */
  public static HttpPost direct(URL url, Duration timeout, int maxAnswerBytes) {
    return new HttpPost(url, Proxy.NO_PROXY, null, timeout, timeout, maxAnswerBytes);
  }

  public URL url() {
    return url;
  }

  /** What the server answered, whatever its status. */
  public record Answer(int status, String message, byte[] body) {}

  /**
   * Posts the first {@code length} bytes of {@code body}.
   *
   * <p>One retry, only when the request failed before any answer for a reason other than a time-out
   * or a refused connection: a kept-alive connection the server closed while it sat in the cache
   * fails that way, and a fresh connection then succeeds. The cost of being wrong is one duplicate
   * request that the server had read but not answered.
   *
   * @param headers request headers; {@code Content-Length} is set from {@code length}
   */
  public Answer send(Map<String, List<String>> headers, byte[] body, int length)
      throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpURLConnection answered;
    try {
      answered = request(headers, body, length, deadline);
    } catch (IOException e) {
      if (!worthRetrying(e) || System.nanoTime() >= deadline) {
        throw e;
      }
      answered = request(headers, body, length, deadline);
    }
    // From here on the server has answered: a failure reading the answer is never retried.
    return readAnswer(answered, deadline);
  }

  /** Sends the request and reads the status line; the connection, on failure, is dropped. */
  private HttpURLConnection request(
      Map<String, List<String>> headers, byte[] body, int length, long deadline)
      throws IOException {
    HttpURLConnection connection = (HttpURLConnection) url.openConnection(proxy);
    try {
      if (tls != null && connection instanceof HttpsURLConnection https) {
        https.setSSLSocketFactory(tls);
      }
      connection.setRequestMethod("POST");
      connection.setDoOutput(true);
      connection.setUseCaches(false);
      connection.setInstanceFollowRedirects(false);
      connection.setConnectTimeout(millis(connectTimeout.toNanos()));
      connection.setReadTimeout(millis(deadline - System.nanoTime()));
      connection.setFixedLengthStreamingMode(length);
      for (Map.Entry<String, List<String>> header : headers.entrySet()) {
        for (String value : header.getValue()) {
          connection.addRequestProperty(header.getKey(), value);
        }
      }
      try (OutputStream out = connection.getOutputStream()) {
        out.write(body, 0, length);
      }
      try {
        connection.getResponseCode();
      } catch (SocketTimeoutException e) {
        throw timedOut("no answer", e);
      }
      return connection;
    } catch (IOException | RuntimeException e) {
      throw dropped(connection, e);
    }
  }

  private Answer readAnswer(HttpURLConnection connection, long deadline) throws IOException {
    try {
      int status = connection.getResponseCode();
      String message = connection.getResponseMessage();
      InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
      return new Answer(status, message, readBody(in, deadline));
    } catch (IOException | RuntimeException e) {
      throw dropped(connection, e);
    }
  }

  /** Never hands a connection in an unknown state back to the keep-alive cache. */
  private IOException dropped(HttpURLConnection connection, Exception e) {
    connection.disconnect();
    return e instanceof IOException io
        ? io
        : new IOException("posting to " + url + " failed: " + e, e);
  }

  /**
   * Reads the whole answer, so the connection goes back to the keep-alive cache, or fails past the
   * size limit or the deadline.
   */
  private byte[] readBody(InputStream in, long deadline) throws IOException {
    if (in == null) {
      return new byte[0];
    }
    try (in) {
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      byte[] chunk = new byte[READ_CHUNK];
      int read;
      while ((read = readChunk(in, chunk)) != -1) {
        if (answer.size() + read > maxAnswerBytes) {
          throw new IOException(
              "the answer from " + url + " is larger than " + maxAnswerBytes + " bytes");
        }
        answer.write(chunk, 0, read);
        if (System.nanoTime() > deadline) {
          throw timedOut("no complete answer", null);
        }
      }
      return answer.toByteArray();
    }
  }

  private int readChunk(InputStream in, byte[] chunk) throws IOException {
    try {
      return in.read(chunk);
    } catch (SocketTimeoutException e) {
      throw timedOut("no complete answer", e);
    }
  }

  private SocketTimeoutException timedOut(String what, SocketTimeoutException cause) {
    SocketTimeoutException e =
        new SocketTimeoutException(what + " from " + url + " within " + timeout.toMillis() + " ms");
    if (cause != null) {
      e.initCause(cause);
    }
    return e;
  }

  private static boolean worthRetrying(IOException e) {
    return !(e instanceof SocketTimeoutException
        || e instanceof ConnectException
        || e instanceof UnknownHostException
        || e instanceof javax.net.ssl.SSLException);
  }

  /** Time-outs in whole milliseconds, at least one: zero would mean "wait forever". */
  private static int millis(long nanos) {
    long ms = nanos / 1_000_000;
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, ms));
  }
}
