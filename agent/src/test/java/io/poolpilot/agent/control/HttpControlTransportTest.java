package io.poolpilot.agent.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.poolpilot.agent.transport.AnsweringServer;
import io.poolpilot.protocol.control.ControlProtocol;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpControlTransportTest {
  private AnsweringServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private URI serve(int status, byte[] head, int declaredLength, boolean stall) throws IOException {
    server = new AnsweringServer(status, head, declaredLength, stall);
    return server.uri(ControlProtocol.PATH);
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
