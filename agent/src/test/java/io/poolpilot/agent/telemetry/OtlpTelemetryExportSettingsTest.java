package io.poolpilot.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.poolpilot.agent.config.AgentConfig;
import io.poolpilot.agent.config.AgentConfig.Mode;
import io.poolpilot.agent.config.AgentConfig.ResizeBounds;
import io.poolpilot.agent.config.ExportSettings;
import io.poolpilot.agent.config.ExportSettings.Signal;
import io.poolpilot.agent.transport.SidecarCredentials;
import io.poolpilot.testsupport.OtlpReceiver;
import io.poolpilot.testsupport.ReceivedRequest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The OTLP exporters as {@link ExportSettings} shape them, against a real OTLP/HTTP receiver. */
class OtlpTelemetryExportSettingsTest {
  private static final Duration WITHIN = Duration.ofSeconds(30);
  private static final SidecarCredentials CREDENTIALS = new SidecarCredentials("t0ken", "s1");

  private final List<String> reported = new CopyOnWriteArrayList<>();

  private static AgentConfig config(String endpoint, ExportSettings export) {
    return new AgentConfig(
        true,
        "svc",
        URI.create(endpoint),
        "t0ken",
        Mode.OBSERVE,
        Duration.ofMillis(200),
        Duration.ofMinutes(10),
        List.of(),
        new ResizeBounds(1, 8),
        Map.of(),
        export);
  }

  private OtlpTelemetry start(AgentConfig config) {
    return OtlpTelemetry.start(
        config,
        CREDENTIALS,
        Resource.empty(),
        resource -> List.of(),
        Sampler.alwaysOn(),
        StartHeldScheduler.agentTimer(() -> true),
        reported::add);
  }

  @Test
  void metricsAreGzippedAndCarryTheHeadersAndTheCredentials() {
    Signal gzipWithKey = new Signal(Map.of("api-key", "k1"), true);
    try (OtlpReceiver sidecar = OtlpReceiver.start();
        OtlpTelemetry telemetry =
            start(
                config(
                    sidecar.endpoint(),
                    new ExportSettings(true, true, null, gzipWithKey, Signal.PLAIN)))) {
      await().atMost(WITHIN).until(() -> sidecar.metrics().requestCount() > 0);

      ReceivedRequest export = sidecar.requests(OtlpReceiver.METRICS_PATH).get(0);
      assertThat(export.header("Content-Encoding")).isEqualTo("gzip");
      assertThat(export.header("api-key")).isEqualTo("k1");
      assertThat(export.header("Authorization")).isEqualTo("Bearer t0ken");
      assertThat(export.header("PoolPilot-Session")).isEqualTo("s1");
      assertThat(reported).isEmpty();
    }
  }

  @Test
  void spansGoToTheTracesUrlAsGivenWithoutTheSidecarsSecrets() {
    try (OtlpReceiver sidecar = OtlpReceiver.start();
        OtlpReceiver collector = OtlpReceiver.start()) {
      URI tracesUrl = URI.create(collector.endpoint() + "/custom/v1/traces");
      Signal tracesSignal = new Signal(Map.of("x-tenant", "blue"), true);
      try (OtlpTelemetry telemetry =
          start(
              config(
                  sidecar.endpoint(),
                  new ExportSettings(true, true, tracesUrl, Signal.PLAIN, tracesSignal)))) {
        Span span = telemetry.tracer().spanBuilder("work").startSpan();
        span.end();
        // The receiver lists a request before it has decoded it: wait for the span itself.
        await()
            .atMost(WITHIN)
            .until(() -> !collector.spans().where(s -> s.name().equals("work")).isEmpty());

        ReceivedRequest export = collector.requests("/custom/v1/traces").get(0);
        assertThat(export.header("x-tenant")).isEqualTo("blue");
        assertThat(export.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(export.header("Authorization")).isNull();
        assertThat(export.header("PoolPilot-Session")).isNull();
        assertThat(collector.spans().where(s -> s.name().equals("work"))).hasSize(1);
        await().atMost(WITHIN).until(() -> sidecar.metrics().requestCount() > 0);
        assertThat(sidecar.requests(OtlpReceiver.METRICS_PATH).get(0).header("Content-Encoding"))
            .isNull();
        assertThat(sidecar.requests(OtlpReceiver.TRACES_PATH)).isEmpty();
      }
    }
  }

  @Test
  void withTracesExporterNoneNoSpanLeaves() {
    try (OtlpReceiver sidecar = OtlpReceiver.start();
        OtlpTelemetry telemetry =
            start(
                config(
                    sidecar.endpoint(),
                    new ExportSettings(true, false, null, Signal.PLAIN, Signal.PLAIN)))) {
      await().atMost(WITHIN).until(() -> sidecar.metrics().requestCount() > 0);
      Span span = telemetry.tracer().spanBuilder("work").startSpan();
      span.end();
      telemetry.close();

      // close() flushes every processor: a span exporter would have sent the span by now.
      assertThat(sidecar.requests(OtlpReceiver.TRACES_PATH)).isEmpty();
    }
  }

  @Test
  void sameOriginComparesSchemeHostAndPort() {
    URI sidecar = URI.create("http://Sidecar:80/base");
    assertThat(OtlpTelemetry.sameOrigin(URI.create("http://sidecar/v1/traces"), sidecar)).isTrue();
    assertThat(OtlpTelemetry.sameOrigin(URI.create("https://sidecar:80/x"), sidecar)).isFalse();
    assertThat(OtlpTelemetry.sameOrigin(URI.create("http://sidecar:4318/x"), sidecar)).isFalse();
    assertThat(OtlpTelemetry.sameOrigin(URI.create("http://other/x"), sidecar)).isFalse();
  }
}
