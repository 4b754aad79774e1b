package io.poolpilot.benchmarks.http;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive HTTP/1.1 connection for prepared {@code GET} requests (see {@link #get}): a socket
 * and a minimal response reader (status line, a body of {@code Content-Length} bytes or in chunks,
 * as Spring Boot on Tomcat sends its JSON). The load generator uses it instead of the JDK's {@code
 * HttpClient}, which spends tens of microseconds of CPU and several thread hand-offs per request:
 * on a 2-core machine a generator that heavy cannot saturate the service on the other core, and its
 * own delays would count against the service.
 *
 * <p>A server may end a keep-alive connection after a response that says {@code Connection: close}
 * (Tomcat does after 100 requests by default). A load generator calls {@link #reopenIfClosed} right
 * after such an answer, while it waits for the next request to fall due, so that no timed send
 * waits on a connect: with 100 requests per connection, a connect inside the timed request would be
 * in up to one sample in a hundred, at the p99. Otherwise the next exchange opens the new socket
 * first, as any HTTP client would.
 */
final class HttpConnection implements Closeable {
  private static final int CONNECT_TIMEOUT_MILLIS = 2_000;
  private static final int READ_TIMEOUT_MILLIS = 30_000;

  private final int port;
  private Socket socket;
  private OutputStream out;
  private InputStream in;
  private boolean closedByServer;

  HttpConnection(int port) throws IOException {
    this.port = port;
    open();
  }

  private void open() throws IOException {
    socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), port), CONNECT_TIMEOUT_MILLIS);
      socket.setSoTimeout(READ_TIMEOUT_MILLIS);
      out = socket.getOutputStream();
      in = new BufferedInputStream(socket.getInputStream(), 8_192);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /** The bytes of a {@code GET} request for {@link #exchange}, prepared once. */
  static byte[] get(int port, String pathAndQuery) {
    return ("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Opens a new socket if the last response said {@code Connection: close}; does nothing otherwise.
   */
  void reopenIfClosed() throws IOException {
    if (closedByServer) {
      socket.close();
      open();
      closedByServer = false;
    }
  }

  /** Sends a prepared request and reads the whole response; returns its status code. */
  int exchange(byte[] request) throws IOException {
    reopenIfClosed();
    out.write(request);
    out.flush();
    int status;
    long contentLength = -1;
    boolean chunked = false;
    String line = readLine();
    if (line.length() < 12 || !line.startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP/1.x status line: '" + line + "'");
    }
    status = Integer.parseInt(line.substring(9, 12));
    while (!(line = readLine()).isEmpty()) {
      if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
        contentLength = Long.parseLong(line.substring(15).trim());
      } else if (line.regionMatches(true, 0, "connection:", 0, 11)) {
        closedByServer = line.substring(11).trim().equalsIgnoreCase("close");
      } else if (line.regionMatches(true, 0, "transfer-encoding:", 0, 18)) {
        chunked = line.substring(18).trim().equalsIgnoreCase("chunked");
        if (!chunked) {
          throw new IOException("unsupported transfer encoding: " + line);
        }
      }
    }
    if (chunked) {
      skipChunks();
    } else if (contentLength >= 0) {
      skip(contentLength);
    } else {
      throw new IOException("response " + status + " without Content-Length or chunks");
    }
    return status;
  }

  /** Skips a chunked body: chunks of {@code <hex size>[;ext]CRLF<data>CRLF} up to size 0. */
  private void skipChunks() throws IOException {
    while (true) {
      String sizeLine = readLine();
      int extension = sizeLine.indexOf(';');
      String hex = (extension < 0 ? sizeLine : sizeLine.substring(0, extension)).trim();
      long size;
      try {
        size = Long.parseLong(hex, 16);
      } catch (NumberFormatException e) {
        throw new IOException("not a chunk size line: '" + sizeLine + "'");
      }
      if (size == 0) {
        while (!readLine().isEmpty()) {
          // Trailer fields, which nothing here needs.
        }
        return;
      }
      skip(size);
      if (!readLine().isEmpty()) {
        throw new IOException("chunk of " + size + " bytes not followed by CRLF");
      }
    }
  }

  private void skip(long bytes) throws IOException {
    for (long left = bytes; left > 0; ) {
      long skipped = in.skip(left);
      if (skipped <= 0) {
        if (in.read() < 0) {
          throw new IOException("connection closed in the middle of a response body");
        }
        skipped = 1;
      }
      left -= skipped;
    }
  }

  private String readLine() throws IOException {
    StringBuilder line = new StringBuilder(64);
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r'
            ? line.substring(0, end - 1)
            : line.toString();
      }
      line.append((char) c);
    }
    throw new IOException("connection closed before the end of the response headers");
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
