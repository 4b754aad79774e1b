package io.poolpilot.agent.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpControlTransportTest {
  private final CountDownLatch release = new CountDownLatch(1);
  private HttpServer server;

  @AfterEach
  void stop() {
    release.countDown();
    if (server != null) {
      server.stop(0);
    }
  }

  private URI serve(int status, byte[] headBytes, int declaredLength, boolean stall)
      throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        ControlChannel.PATH,
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(status, declaredLength);
          OutputStream body = exchange.getResponseBody();
          body.write(headBytes);
          body.flush();
          if (stall) {
            try {
              release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          exchange.close();
        });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + ControlChannel.PATH);
  }

  @Test
  void returnsTheAnswer() throws Exception {
    byte[] answer = "{\"version\":1,\"desired\":[]}".getBytes(StandardCharsets.UTF_8);
    URI uri = serve(200, answer, answer.length, false);

    assertThat(new HttpControlTransport(uri, "t").exchange(new byte[0])).isEqualTo(answer);
  }

  @Test
  void anAnswerThatStallsAfterItsHeadersFailsWithinTheTimeOut() throws Exception {
    URI uri = serve(200, new byte[] {'{'}, 1000, true);
    long start = System.nanoTime();

    assertThatThrownBy(() -> new HttpControlTransport(uri, null).exchange(new byte[0]))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no complete answer");
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start))
        .as("bounded by the transport's time-out, with a generous margin")
        .isLessThan(HttpControlTransport.TIMEOUT.toSeconds() * 6);
  }

  @Test
  void anErrorStatusIsAFailure() throws Exception {
    URI uri = serve(401, new byte[0], -1, false);

    assertThatThrownBy(() -> new HttpControlTransport(uri, "wrong").exchange(new byte[0]))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("HTTP 401");
  }
}
