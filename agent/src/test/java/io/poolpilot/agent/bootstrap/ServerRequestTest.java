package io.poolpilot.agent.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServerRequestTest {
  @ParameterizedTest
  @CsvSource({
    "example.com:8080, example.com, 8080",
    "example.com, example.com, -1",
    "[::1]:9000, [::1], 9000",
    "[::1], [::1], -1",
    "host:notaport, host, -1",
  })
  void hostHeaderGivesAddressAndPort(String header, String address, int port) {
    ServerRequest request = new ServerRequest();
    request.host(header);
    assertThat(request.serverAddress).isEqualTo(address);
    assertThat(request.serverPort).isEqualTo(port);
  }
}
