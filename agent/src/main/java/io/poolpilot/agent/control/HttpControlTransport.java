package io.poolpilot.agent.control;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** {@code POST /v1/poolpilot/control} with the JDK's HTTP client. */
final class HttpControlTransport implements ControlTransport {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final HttpClient client;
  private final URI uri;
  private final String token;

  HttpControlTransport(URI uri, String token) {
    this.client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    this.uri = uri;
    this.token = token;
  }

  @Override
  public byte[] exchange(byte[] agentMessage) throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(agentMessage));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<byte[]> response =
        client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IOException("HTTP " + response.statusCode() + " from " + uri);
    }
    return response.body();
  }
}
