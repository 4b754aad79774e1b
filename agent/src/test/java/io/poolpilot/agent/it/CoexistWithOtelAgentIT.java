package io.poolpilot.agent.it;

import static io.poolpilot.protocol.TelemetryNames.EXECUTOR_NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.poolpilot.agent.it.app.HttpServerApp;
import io.poolpilot.testsupport.FailsafeProperties;
import io.poolpilot.testsupport.JvmLauncher;
import io.poolpilot.testsupport.LaunchedJvm;
import io.poolpilot.testsupport.OtlpReceiver;
import io.poolpilot.testsupport.ReceivedSpans.Received;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The OpenTelemetry Java agent 2.31.1 and PoolPilot in one JVM, as a platform that already injects
 * the OpenTelemetry agent would run them: the application answers as before, each agent exports its
 * own spans to its own endpoint, both continue the caller's trace, and PoolPilot's pool metrics
 * keep flowing.
 */
class CoexistWithOtelAgentIT {
  private static final Duration WITHIN = Duration.ofSeconds(120);
  private static final String CALLER_TRACE = "0af7651916cd43dd8448eb211c80319c";
  private static final String CALLER_SPAN = "b7ad6b7169203331";

  @Test
  void bothAgentsTraceTheSameRequestsAndTheApplicationIsUnharmed() throws IOException {
    Path otelAgent = FailsafeProperties.path("poolpilot.it.otel-agent");
    assertThat(otelAgent).as("copied by the build before the integration tests").isRegularFile();
    try (OtlpReceiver pilot = OtlpReceiver.start();
        OtlpReceiver otel = OtlpReceiver.start();
        LaunchedJvm app =
            JvmLauncher.underAgent(HttpServerApp.class)
                .agentBefore(otelAgent)
                .jvmArgs(
                    "-Dotel.exporter.otlp.protocol=http/protobuf",
                    "-Dotel.exporter.otlp.endpoint=" + otel.endpoint(),
                    "-Dotel.service.name=otel-view",
                    "-Dotel.logs.exporter=none",
                    "-Dotel.metric.export.interval=500",
                    "-Dotel.bsp.schedule.delay=200")
                .agentArgs(
                    "endpoint="
                        + pilot.endpoint()
                        + ",export.interval=200ms,service.name=pilot-view")
                .start()) {
      String base = "http://127.0.0.1:" + app.awaitStdoutLineStartingWith("listening ", WITHIN);
      await().atMost(WITHIN).until(() -> pilot.metrics().requestCount() > 0);

      HttpResponse<String> response =
          HttpClients.get(
              base + "/orders/9",
              Map.of("traceparent", HttpClients.traceparent(CALLER_TRACE, CALLER_SPAN)));
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("priced /orders/9");

      Received ours = awaitServerSpan(pilot);
      Received theirs = awaitServerSpan(otel);
      assertThat(ours.service()).isEqualTo("pilot-view");
      assertThat(ours.parentSpanId()).isEqualTo(CALLER_SPAN);
      assertThat(ours.string(EXECUTOR_NAME)).isEqualTo("http-worker-*");
      assertThat(theirs.parentSpanId()).isEqualTo(CALLER_SPAN);
      assertThat(theirs.spanId()).isNotEqualTo(ours.spanId());
      assertThat(pilot.metrics().poolNames()).contains("http-worker-*", "order-work-*");
      assertThat(app.otherStderr())
          .as("nothing on stderr but the OpenTelemetry agent's own start-up lines")
          .allMatch(CoexistWithOtelAgentIT::isOtelAgentLine);
    }
  }

  /**
   * The OpenTelemetry agent logs its version, and appends itself to the bootstrap class path at run
   * time, which makes the JVM warn about class-data sharing.
   */
  private static boolean isOtelAgentLine(String line) {
    return line.startsWith("[otel.javaagent ")
        || line.contains("Sharing is only supported for boot loader classes");
  }

  private static Received awaitServerSpan(OtlpReceiver receiver) {
    return receiver.awaitServerSpan(s -> s.traceId().equals(CALLER_TRACE), WITHIN);
  }
}
