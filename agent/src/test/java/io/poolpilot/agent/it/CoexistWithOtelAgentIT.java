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
  private static final String OTEL_ONLY_HEADER = "x-otel-only";

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
                    "-Dotel.bsp.schedule.delay=200",
                    // The OpenTelemetry agent's export settings: PoolPilot must leave them be.
                    "-Dotel.exporter.otlp.headers=" + OTEL_ONLY_HEADER + "=1")
                .env("OTEL_EXPORTER_OTLP_COMPRESSION", "gzip")
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
      assertThat(otel.requests().stream().filter(r -> r.path().startsWith("/v1/")))
          .as("the setting is live for the OpenTelemetry agent")
          .allMatch(r -> "1".equals(r.header(OTEL_ONLY_HEADER)));
      assertThat(pilot.requests(OtlpReceiver.METRICS_PATH))
          .as("PoolPilot leaves the OpenTelemetry agent's export settings to it")
          .allMatch(
              r -> r.header(OTEL_ONLY_HEADER) == null && r.header("Content-Encoding") == null);
      assertThat(app.agentLines())
          .as(app::report)
          .filteredOn(line -> line.contains("OpenTelemetry Java agent"))
          .singleElement()
          .asString()
          .startsWith("[poolpilot] the OpenTelemetry Java agent is attached to this JVM, so ")
          .contains("otel.exporter.otlp.endpoint", "OTEL_EXPORTER_OTLP_COMPRESSION");
      assertThat(app.otherStderr())
          .as("nothing on stderr but the OpenTelemetry agent's own start-up lines")
          .allMatch(CoexistWithOtelAgentIT::isOtelAgentLine);
    }
  }

  /**
   * The JVM puts every {@code -javaagent} jar on the class path before the first premain runs, so
   * PoolPilot sees the OpenTelemetry agent given after it too, and its own endpoint, from no
   * PoolPilot setting here, is not replaced by the one meant for the OpenTelemetry agent.
   */
  @Test
  void seesTheOpenTelemetryAgentGivenAfterItAndKeepsItsOwnEndpoint() throws IOException {
    Path otelAgent = Path.of(System.getProperty("poolpilot.it.otel-agent"));
    try (OtlpReceiver pilot = OtlpReceiver.start();
        OtlpReceiver otel = OtlpReceiver.start();
        LaunchedJvm app =
            JvmLauncher.underAgent(HttpServerApp.class)
                .withoutAgent()
                .jvmArgs(
                    "-javaagent:" + FailsafeProperties.agentJar() + "=export.interval=200ms",
                    "-javaagent:" + otelAgent,
                    "-Dpoolpilot.endpoint=" + pilot.endpoint(),
                    "-Dotel.logs.exporter=none",
                    "-Dotel.metric.export.interval=60000")
                .env("OTEL_EXPORTER_OTLP_ENDPOINT", otel.endpoint())
                .start()) {
      app.awaitStdoutLineStartingWith("listening ", WITHIN);
      await().atMost(WITHIN).until(() -> pilot.metrics().requestCount() >= 3);

      assertThat(app.agentLines())
          .as(app::report)
          .filteredOn(line -> line.contains("OpenTelemetry Java agent"))
          .singleElement()
          .asString()
          .startsWith("[poolpilot] the OpenTelemetry Java agent is attached to this JVM, so ")
          .contains("OTEL_EXPORTER_OTLP_ENDPOINT", "otel.metric.export.interval");
      assertThat(otel.requests(OtlpReceiver.METRICS_PATH))
          .as("none of PoolPilot's exports went to the OpenTelemetry agent's endpoint")
          .allMatch(r -> r.header("PoolPilot-Session") == null);
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
