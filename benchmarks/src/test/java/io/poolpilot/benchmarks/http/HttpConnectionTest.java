package io.poolpilot.benchmarks.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The response reader against a server that answers with exactly the bytes a test gives it. */
class HttpConnectionTest {
  private ServerSocket server;

  @BeforeEach
  void listen() throws IOException {
    server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
  }

  @AfterEach
  void close() throws IOException {
    server.close();
  }

  @Test
  void readsChunkedBodiesWithExtensionsAndTrailersAndKeepsTheConnectionInStep() throws Exception {
    CompletableFuture<Void> served =
        answer(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n"
                + "5\r\n[1,2,\r\na;x=y\r\n3,4,5,6,7]\r\n0\r\nX-Trailer: t\r\n\r\n",
            "HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\n\r\nno!");

    try (HttpConnection connection = new HttpConnection(server.getLocalPort())) {
      byte[] request = HttpConnection.get(server.getLocalPort(), "/a");

      assertThat(connection.exchange(request)).isEqualTo(200);
      assertThat(connection.exchange(request)).isEqualTo(404);
    }
    served.get();
  }

  @Test
  void opensANewSocketAfterAResponseThatClosesTheConnection() throws Exception {
    CompletableFuture<Void> first =
        answer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");

    try (HttpConnection connection = new HttpConnection(server.getLocalPort())) {
      byte[] request = HttpConnection.get(server.getLocalPort(), "/a");
      assertThat(connection.exchange(request)).isEqualTo(200);
      first.get();
      CompletableFuture<Void> second =
          answer("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n");

      assertThat(connection.exchange(request)).isEqualTo(204);
      connection.close();
      second.get();
    }
  }

  @Test
  void refusesAChunkSizeThatIsNotHex() throws Exception {
    answer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");

    try (HttpConnection connection = new HttpConnection(server.getLocalPort())) {
      assertThatThrownBy(() -> connection.exchange(HttpConnection.get(server.getLocalPort(), "/a")))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("not a chunk size line: 'zz'");
    }
  }

  @Test
  void refusesAResponseWithNeitherLengthNorChunks() throws Exception {
    answer("HTTP/1.1 200 OK\r\n\r\n");

    try (HttpConnection connection = new HttpConnection(server.getLocalPort())) {
      assertThatThrownBy(() -> connection.exchange(HttpConnection.get(server.getLocalPort(), "/a")))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("without Content-Length or chunks");
    }
  }

  /**
   * Accepts one connection and sends each response after reading one request's headers; then closes
   * it once the client has closed its side or, after a {@code Connection: close}, at once.
   */
  private CompletableFuture<Void> answer(String... responses) {
    return CompletableFuture.runAsync(
        () -> {
          try (Socket socket = server.accept()) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            for (String response : List.of(responses)) {
              readHeaders(in);
              out.write(response.getBytes(StandardCharsets.US_ASCII));
              out.flush();
              if (response.contains("Connection: close")) {
                return;
              }
            }
            in.read();
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  private static void readHeaders(InputStream in) throws IOException {
    int matched = 0;
    byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    while (matched < end.length) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("client closed before a whole request");
      }
      matched = c == end[matched] ? matched + 1 : (c == end[0] ? 1 : 0);
    }
  }
}
