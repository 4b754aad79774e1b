package io.poolpilot.benchmarks.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's own processes, launched as the benchmark launches them. */
class ServiceProcessTest {
  private static final String CLASS_PATH = System.getProperty("java.class.path");

  @TempDir Path dir;

  @Test
  void theSinkCountsExportsPerPathAndIsGoneOnceClosed() throws Exception {
    ServiceProcess sink =
        ServiceProcess.launch(
            List.of(),
            List.of("-Xmx64m"),
            AppUnderTest.otlpSink(CLASS_PATH),
            dir.resolve("sink.stderr"));
    try (sink) {
      HttpClient http = HttpClient.newHttpClient();
      for (String path :
          List.of("/poolpilot/v1/metrics", "/poolpilot/v1/metrics", "/otel/v1/traces")) {
        HttpResponse<Void> answer =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sink.port() + path))
                    .header("Content-Type", "application/x-protobuf")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1, 2, 3}))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(answer.statusCode()).isEqualTo(200);
      }

      assertThat(SinkStats.fetch(sink.port()))
          .isEqualTo("/otel/v1/traces 1 3\n/poolpilot/v1/metrics 2 6\n");
    }

    assertThat(sink.isAlive()).isFalse();
  }

  @Test
  void aServiceIsStartedOnceItAnswersItsFirstRequest() throws Exception {
    try (ServiceProcess service =
        ServiceProcess.launch(
            List.of(),
            List.of("-Xmx64m"),
            AppUnderTest.orderService(CLASS_PATH),
            dir.resolve("service.stderr"))) {
      assertThat(service.startupMillis()).isPositive();
      try (HttpConnection connection = new HttpConnection(service.port())) {
        assertThat(connection.exchange(HttpConnection.get(service.port(), "/orders?customer=2")))
            .isEqualTo(200);
      }
    }
  }
}
