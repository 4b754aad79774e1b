package io.poolpilot.agent.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
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

  @Test
  void headersAreFoundInAnyCaseInOnePassAndTheFirstValueCounts() {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Accept", List.of("*/*"));
    headers.put("Host", List.of("shop.example:8443"));
    headers.put("User-agent", List.of("curl/8", "second"));
    headers.put("Traceparent", List.of("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
    headers.put("TRACESTATE", List.of("vendor=1"));
    headers.put("X-Request-Id", List.of());
    ServerRequest request = new ServerRequest();

    request.headers(headers);

    assertThat(request.serverAddress).isEqualTo("shop.example");
    assertThat(request.serverPort).isEqualTo(8443);
    assertThat(request.userAgent).isEqualTo("curl/8");
    assertThat(request.traceparent)
        .isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    assertThat(request.tracestate).isEqualTo("vendor=1");
  }

  @Test
  void missingOrEmptyHeadersLeaveTheFieldsUnset() {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Traceparent", List.of());
    headers.put(null, List.of("odd"));
    ServerRequest request = new ServerRequest();

    request.headers(headers);

    assertThat(request.traceparent).isNull();
    assertThat(request.serverAddress).isNull();
    assertThat(request.userAgent).isNull();
  }
}
