package io.poolpilot.agent.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.poolpilot.agent.transport.AnsweringServer;
import io.poolpilot.agent.transport.SidecarCredentials;
import io.poolpilot.protocol.control.ControlProtocol;
import io.poolpilot.testsupport.OtlpReceiver;
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

    assertThat(
            new HttpControlTransport(uri, SidecarCredentials.withNewSession("t"))
                .exchange(new byte[0]))
        .isEqualTo(answer);
  }

  @Test
  void anAnswerThatStallsAfterItsHeadersFailsWithinTheTimeOut() throws Exception {
    URI uri = serve(200, new byte[] {'{'}, 1000, true);
    long start = System.nanoTime();

    assertThatThrownBy(
            () ->
                new HttpControlTransport(uri, SidecarCredentials.withNewSession(null))
                    .exchange(new byte[0]))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no complete answer");
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start))
        .as("bounded by the transport's time-out, with a generous margin")
        .isLessThan(HttpControlTransport.TIMEOUT.toSeconds() * 6);
  }

  @Test
  void anErrorStatusIsAFailure() throws Exception {
    URI uri = serve(401, new byte[0], -1, false);

    assertThatThrownBy(
            () ->
                new HttpControlTransport(uri, SidecarCredentials.withNewSession("wrong"))
                    .exchange(new byte[0]))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("HTTP 401");
  }

  @Test
  void sendsTheTokenAndThisJvmsSessionWithEveryMessage() throws Exception {
    SidecarCredentials credentials = SidecarCredentials.withNewSession("t0ken");
    try (OtlpReceiver sidecar = OtlpReceiver.start()) {
      sidecar.answerControlWith("{}");
      HttpControlTransport transport =
          new HttpControlTransport(
              URI.create(sidecar.endpoint() + ControlProtocol.PATH), credentials);

      transport.exchange(new byte[] {'{', '}'});
      transport.exchange(new byte[] {'{', '}'});

      assertThat(sidecar.requests(ControlProtocol.PATH))
          .hasSize(2)
          .allSatisfy(
              request -> {
                assertThat(request.header("Authorization")).isEqualTo("Bearer t0ken");
                assertThat(request.header(ControlProtocol.SESSION_HEADER))
                    .isEqualTo(credentials.session())
                    .hasSizeGreaterThanOrEqualTo(ControlProtocol.MIN_SESSION_LENGTH);
              });
    }
  }

  @Test
  void withoutATokenOnlyTheSessionIsSentAndNeitherSecretIsPrinted() {
    SidecarCredentials credentials = SidecarCredentials.withNewSession(null);

    assertThat(credentials.headers()).containsOnlyKeys(ControlProtocol.SESSION_HEADER);
    assertThat(credentials.toString()).doesNotContain(credentials.session());
    SidecarCredentials withToken = SidecarCredentials.withNewSession("t0ken");
    assertThat(withToken.toString()).doesNotContain("t0ken").doesNotContain(withToken.session());
    assertThat(SidecarCredentials.withNewSession(null).session())
        .isNotEqualTo(credentials.session());
  }
}
