package io.poolpilot.sidecar;

import static io.poolpilot.sidecar.testing.Http.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedInputStream;
import io.poolpilot.sidecar.config.SidecarConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both listeners of a real sidecar, asked over plain sockets so that the {@code Host} header is
 * exactly what a browser misled by DNS rebinding would send (or absent, as in HTTP/1.0).
 */
class SidecarHostHeaderTest {

  private static final String EVIL = "evil.example";
  private static final String JSON = "application/json";
  private static final String PROTOBUF = "application/x-protobuf";

  @TempDir Path dir;
  private Vertx vertx;
  private Sidecar sidecar;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    SidecarConfig config =
        SidecarConfig.load(
            List.of(
                "--otlp-port", "0",
                "--api-port", "0",
                "--data-dir", dir.toString(),
                "--allowed-hosts", "orders.shop.svc,orders"),
            Map.of());
    sidecar = await(Sidecar.start(vertx, config, new PrintStream(OutputStream.nullOutputStream())));
  }

  @AfterEach
  void stop() {
    await(vertx.close());
  }

  @Test
  void refusesARequestForAnotherNameOnTheApiWithJson() throws IOException {
    Reply health = api("GET /health", EVIL, null);
    Reply pin = api("PUT /api/pools/orders/orders-%2A", EVIL, "{\"core\": 1, \"max\": 1}");

    assertThat(health.status()).isEqualTo(421);
    assertThat(health.contentType()).isEqualTo("application/json");
    assertThat(health.json().getString("error"))
        .startsWith("Host 'evil.example:" + sidecar.apiPort() + "' is not a name of this sidecar");
    assertThat(pin.status()).isEqualTo(421);
    assertThat(sidecar.control().pins()).isEmpty();
  }

  @Test
  void refusesOtlpForAnotherNameWithAStatusInTheRequestsEncoding() throws IOException {
    Reply protobuf = agent("/v1/metrics", EVIL, PROTOBUF, "");
    Reply json = agent("/v1/traces", EVIL, JSON, "{}");

    assertThat(protobuf.status()).isEqualTo(421);
    assertThat(protobuf.contentType()).isEqualTo(PROTOBUF);
    CodedInputStream status = CodedInputStream.newInstance(protobuf.body());
    assertThat(status.readTag()).isEqualTo(1 << 3);
    assertThat(status.readInt32()).isEqualTo(7);
    assertThat(status.readTag()).isEqualTo(2 << 3 | 2);
    assertThat(status.readString()).startsWith("Host 'evil.example:");
    assertThat(json.status()).isEqualTo(421);
    assertThat(json.json().getInteger("code")).isEqualTo(7);
    assertThat(json.json().getString("message")).startsWith("Host 'evil.example:");
  }

  @Test
  void refusesTheControlProtocolForAnotherNameWithItsJsonError() throws IOException {
    Reply control = agent("/v1/poolpilot/control", EVIL, JSON, "{}");

    assertThat(control.status()).isEqualTo(421);
    assertThat(control.json().getString("error")).startsWith("Host 'evil.example:");
  }

  @Test
  void servesLoopbackNamesAddressesAndTheConfiguredNamesOnBothListeners() throws IOException {
    for (String name :
        List.of("localhost", "127.0.0.1", "127.1.2.3", "[::1]", "10.1.2.3", "orders.shop.svc")) {
      assertThat(api("GET /health", name, null).status()).as(name).isEqualTo(200);
      assertThat(agent("/v1/metrics", name, PROTOBUF, "").status()).as(name).isEqualTo(200);
    }
    assertThat(send(sidecar.apiPort(), "GET /health", "Host: ORDERS", null, null).status())
        .isEqualTo(200);
  }

  @Test
  void servesARequestWithoutHostOnBothListeners() throws IOException {
    assertThat(api("GET /health", null, null).status()).isEqualTo(200);
    assertThat(agent("/v1/metrics", null, PROTOBUF, "").status()).isEqualTo(200);
  }

  /** A request to the API with {@code Host: <name>:<port>}, or none if {@code name} is null. */
  private Reply api(String requestLine, String name, String json) throws IOException {
    int port = sidecar.apiPort();
    return send(port, requestLine, hostLine(name, port), json == null ? null : JSON, json);
  }

  /** A POST to the agent-facing listener, with a Host line as {@link #api} has. */
  private Reply agent(String path, String name, String contentType, String body)
      throws IOException {
    int port = sidecar.otlpPort();
    return send(port, "POST " + path, hostLine(name, port), contentType, body);
  }

  private static String hostLine(String name, int port) {
    return name == null ? null : "Host: " + name + ":" + port;
  }

  /** An answer as read off the socket. */
  private record Reply(int status, String head, byte[] body) {
    String contentType() {
      return head.lines()
          .filter(line -> line.toLowerCase().startsWith("content-type:"))
          .map(line -> line.substring(line.indexOf(':') + 1).strip())
          .findFirst()
          .orElse(null);
    }

    JsonObject json() {
      return new JsonObject(new String(body, StandardCharsets.UTF_8));
    }
  }

  /**
   * One request on its own connection: HTTP/1.1 with {@code host} as its Host line, or HTTP/1.0
   * without any when {@code host} is null; no Content-Type when {@code contentType} is null.
   */
  private static Reply send(
      int port, String requestLine, String host, String contentType, String body)
      throws IOException {
    byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder(requestLine);
    head.append(host == null ? " HTTP/1.0\r\n" : " HTTP/1.1\r\n" + host + "\r\n");
    if (contentType != null) {
      head.append("Content-Type: ").append(contentType).append("\r\n");
    }
    head.append("Content-Length: ").append(content.length).append("\r\n");
    head.append("Connection: close\r\n\r\n");
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
      out.write(content);
      out.flush();
      byte[] answer = readAll(socket.getInputStream());
      int end = indexOf(answer, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      String responseHead = new String(answer, 0, end, StandardCharsets.US_ASCII);
      int status = Integer.parseInt(responseHead.split(" ", 3)[1]);
      return new Reply(status, responseHead, Arrays.copyOfRange(answer, end + 4, answer.length));
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    in.transferTo(all);
    return all.toByteArray();
  }

  private static int indexOf(byte[] bytes, byte[] part) {
    for (int i = 0; i + part.length <= bytes.length; i++) {
      if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
        return i;
      }
    }
    throw new IllegalStateException("no end of the response head");
  }
}
