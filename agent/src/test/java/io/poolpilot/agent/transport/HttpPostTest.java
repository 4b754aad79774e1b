package io.poolpilot.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpPostTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final List<AutoCloseable> servers = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable server : servers) {
      server.close();
    }
  }

  private AnsweringServer serve(int status, byte[] head, int declaredLength, boolean stall)
      throws IOException {
    AnsweringServer server = new AnsweringServer(status, head, declaredLength, stall);
    servers.add(server);
    return server;
  }

  @Test
  void postsTheGivenBytesAndReturnsTheAnswer() throws Exception {
    byte[] answer = "fine".getBytes(StandardCharsets.UTF_8);
    AnsweringServer server = serve(200, answer, answer.length, false);
    URL url = server.uri("/x").toURL();

    HttpPost.Answer result =
        HttpPost.direct(url, TIMEOUT, 1024)
            .send(Map.of("Content-Type", List.of("text/plain")), "abcdef".getBytes(), 3);

    assertThat(result.status()).isEqualTo(200);
    assertThat(result.body()).isEqualTo(answer);
    assertThat(server.received()).singleElement().isEqualTo("abc".getBytes());
  }

  @Test
  void anErrorStatusComesBackWithItsBody() throws Exception {
    byte[] answer = "no such thing".getBytes(StandardCharsets.UTF_8);
    URL url = serve(404, answer, answer.length, false).uri("/x").toURL();

    HttpPost.Answer result = HttpPost.direct(url, TIMEOUT, 1024).send(Map.of(), new byte[0], 0);

    assertThat(result.status()).isEqualTo(404);
    assertThat(result.body()).isEqualTo(answer);
  }

  @Test
  void anAnswerThatStallsAfterItsHeadersFailsWithinTheTimeOut() throws Exception {
    URL url = serve(200, new byte[] {'{'}, 1000, true).uri("/x").toURL();
    long start = System.nanoTime();

    assertThatThrownBy(() -> HttpPost.direct(url, TIMEOUT, 1024).send(Map.of(), new byte[0], 0))
        .isInstanceOf(SocketTimeoutException.class)
        .hasMessageContaining("no complete answer from " + url);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .as("the time-out, with a generous margin")
        .isLessThan(TIMEOUT.multipliedBy(5));
  }

  @Test
  void anAnswerOverTheLimitIsRefused() throws Exception {
    byte[] big = new byte[5000];
    AnsweringServer server = serve(200, big, big.length, false);
    URL url = server.uri("/x").toURL();

    assertThatThrownBy(() -> HttpPost.direct(url, TIMEOUT, 1000).send(Map.of(), new byte[0], 0))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("larger than 1000 bytes");
    assertThat(server.received()).as("an answered request is not sent again").hasSize(1);
  }

  @Test
  void aRequestDroppedUnansweredIsRetriedOnceOnAFreshConnection() throws Exception {
    // The first connection reads the request and closes without a word, as a kept-alive
    // connection whose server timed it out just as it was reused looks to the client.
    AtomicInteger connections = new AtomicInteger();
    URL url = rawServer(connection -> connection > 1, connections);

    assertThat(HttpPost.direct(url, TIMEOUT, 1024).send(Map.of(), "one".getBytes(), 3).status())
        .isEqualTo(200);
    assertThat(connections).hasValue(2);
  }

  @Test
  void aServerThatDropsEveryRequestIsTriedTwiceThenReported() throws Exception {
    AtomicInteger connections = new AtomicInteger();
    URL url = rawServer(connection -> false, connections);

    assertThatThrownBy(
            () -> HttpPost.direct(url, TIMEOUT, 1024).send(Map.of(), "one".getBytes(), 3))
        .isInstanceOf(IOException.class);
    assertThat(connections).hasValue(2);
  }

  /** A server that reads one request per connection and answers it only if told to. */
  private URL rawServer(IntPredicate answers, AtomicInteger connections) throws IOException {
    ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    servers.add(listener);
    Thread acceptor =
        new Thread(
            () -> {
              while (!listener.isClosed()) {
                try (Socket socket = listener.accept()) {
                  readRequest(socket);
                  if (answers.test(connections.incrementAndGet())) {
                    socket
                        .getOutputStream()
                        .write(
                            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                                .getBytes(StandardCharsets.US_ASCII));
                  }
                } catch (IOException e) {
                  return;
                }
              }
            });
    acceptor.setDaemon(true);
    acceptor.start();
    return new URL("http://127.0.0.1:" + listener.getLocalPort() + "/x");
  }

  private static void readRequest(Socket socket) throws IOException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    int length = 0;
    String line;
    while ((line = in.readLine()) != null && !line.isEmpty()) {
      if (line.toLowerCase().startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    for (int i = 0; i < length; i++) {
      in.read();
    }
  }
}
