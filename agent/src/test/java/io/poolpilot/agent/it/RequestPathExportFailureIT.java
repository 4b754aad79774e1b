package io.poolpilot.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.poolpilot.agent.it.app.HttpServerApp;
import io.poolpilot.testsupport.JvmLauncher;
import io.poolpilot.testsupport.LaunchedJvm;
import io.poolpilot.testsupport.LoopbackPorts;
import io.poolpilot.testsupport.OtlpReceiver;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The request path while the OTLP endpoint is down or hangs: every request is still answered, with
 * the right body, and the agent says once that span export fails rather than once per batch.
 */
class RequestPathExportFailureIT {
  private static final Duration WITHIN = Duration.ofSeconds(60);
  private static final int REQUESTS = 200;

  @Test
  void requestsAreServedWhileNothingListensAtTheEndpoint() throws IOException {
    String endpoint = "http://127.0.0.1:" + LoopbackPorts.closedPort();
    try (LaunchedJvm app = start(endpoint)) {
      String base = "http://127.0.0.1:" + app.awaitStdoutLineStartingWith("listening ", WITHIN);
      // The SDK is up once it has tried, and failed, to export metrics.
      await().atMost(WITHIN).until(() -> failures(app, "metric export to ") == 1);

      assertAllServed(base);

      await().atMost(WITHIN).until(() -> failures(app, "span export to ") == 1);
      assertThat(failures(app, "span export to ")).as(app::report).isEqualTo(1);
    }
  }

  @Test
  void requestsAreServedWhileTheEndpointNeverAnswers() throws IOException {
    try (OtlpReceiver hung = OtlpReceiver.start().hold();
        LaunchedJvm app = start(hung.endpoint())) {
      String base = "http://127.0.0.1:" + app.awaitStdoutLineStartingWith("listening ", WITHIN);
      await().atMost(WITHIN).until(() -> hung.heldRequestCount() > 0);

      assertAllServed(base);

      await().atMost(WITHIN).until(() -> !hung.requests(OtlpReceiver.TRACES_PATH).isEmpty());
      assertAllServed(base);
      assertThat(app.otherStderr()).as(app::report).isEmpty();
    }
  }

  private static void assertAllServed(String base) {
    for (int i = 0; i < REQUESTS; i++) {
      HttpResponse<String> response = HttpClients.get(base + "/orders/" + i);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("priced /orders/" + i);
    }
  }

  private static LaunchedJvm start(String endpoint) throws IOException {
    return JvmLauncher.underAgent(HttpServerApp.class)
        .agentArgs("endpoint=" + endpoint + ",export.interval=200ms,service.name=export-failure")
        .start();
  }

  private static long failures(LaunchedJvm app, String what) {
    return app.agentLines().stream().filter(l -> l.contains(what) && l.contains(" failed")).count();
  }
}
