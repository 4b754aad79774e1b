package io.poolpilot.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.poolpilot.agent.config.AgentConfig;
import io.poolpilot.agent.config.AgentConfig.Mode;
import io.poolpilot.agent.config.AgentConfig.ResizeBounds;
import io.poolpilot.agent.config.ExportSettings;
import io.poolpilot.agent.config.ExportSettings.Signal;
import io.poolpilot.agent.transport.SidecarCredentials;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LazyExportersTest {
  private final AtomicInteger builds = new AtomicInteger();
  private final List<String> calls = new ArrayList<>();

  @Test
  void nothingIsBuiltBeforeTheFirstExportAndFlushOrShutdownBuildNothing() {
    LazySpanExporter spans = new LazySpanExporter(this::recordingSpanExporter);
    LazyMetricExporter metrics = new LazyMetricExporter(this::recordingMetricExporter);

    assertThat(spans.flush().isSuccess()).isTrue();
    assertThat(metrics.flush().isSuccess()).isTrue();
    assertThat(metrics.getAggregationTemporality(InstrumentType.COUNTER)).isNotNull();
    assertThat(spans.shutdown().isSuccess()).isTrue();
    assertThat(metrics.shutdown().isSuccess()).isTrue();

    assertThat(builds).hasValue(0);
    assertThat(calls).isEmpty();
  }

  @Test
  void theFirstExportBuildsTheExporterOnceAndLaterCallsReachIt() {
    LazySpanExporter spans = new LazySpanExporter(this::recordingSpanExporter);
    LazyMetricExporter metrics = new LazyMetricExporter(this::recordingMetricExporter);

    spans.export(List.of());
    spans.export(List.of());
    spans.flush();
    spans.shutdown();
    metrics.export(List.of());
    metrics.flush();
    metrics.shutdown();

    assertThat(builds).hasValue(2);
    assertThat(calls)
        .containsExactly(
            "span export",
            "span export",
            "span flush",
            "span shutdown",
            "metric export",
            "metric flush",
            "metric shutdown");
  }

  @Test
  void aFailedBuildFailsThatExportAndIsTriedAgainAtTheNext() {
    AtomicInteger attempts = new AtomicInteger();
    LazySpanExporter spans =
        new LazySpanExporter(
            () -> {
              if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("no sender");
              }
              return recordingSpanExporter();
            });

    CompletableResultCode first = spans.export(List.of());
    CompletableResultCode second = spans.export(List.of());

    assertThat(first.isSuccess()).isFalse();
    assertThat(first.getFailureThrowable()).hasMessage("no sender");
    assertThat(second.isSuccess()).isTrue();
    assertThat(attempts).hasValue(2);
  }

  @Test
  void answersTheMetricReaderAsTheAgentsOtlpExporterDoes() {
    AgentConfig config =
        new AgentConfig(
            true,
            "svc",
            URI.create("http://127.0.0.1:9/poolpilot"),
            "t0ken",
            Mode.OBSERVE,
            Duration.ofSeconds(10),
            Duration.ofMinutes(10),
            List.of(),
            new ResizeBounds(1, 8),
            Map.of(),
            new ExportSettings(true, true, null, Signal.PLAIN, Signal.PLAIN));
    MetricExporter otlp =
        OtlpTelemetry.metricExporter(
            config,
            new SidecarCredentials("t0ken", "s1"),
            "http://127.0.0.1:9/poolpilot/v1/metrics",
            Duration.ofSeconds(10));
    LazyMetricExporter lazy = new LazyMetricExporter(() -> otlp);
    try {
      for (InstrumentType type : InstrumentType.values()) {
        assertThat(lazy.getAggregationTemporality(type))
            .as(type.name())
            .isEqualTo(otlp.getAggregationTemporality(type));
        assertThat(lazy.getDefaultAggregation(type))
            .as(type.name())
            .isEqualTo(otlp.getDefaultAggregation(type));
      }
    } finally {
      otlp.shutdown();
    }
  }

  private SpanExporter recordingSpanExporter() {
    builds.incrementAndGet();
    return new SpanExporter() {
      @Override
      public CompletableResultCode export(Collection<SpanData> spans) {
        calls.add("span export");
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode flush() {
        calls.add("span flush");
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode shutdown() {
        calls.add("span shutdown");
        return CompletableResultCode.ofSuccess();
      }
    };
  }

  private MetricExporter recordingMetricExporter() {
    builds.incrementAndGet();
    return new MetricExporter() {
      @Override
      public CompletableResultCode export(Collection<MetricData> metrics) {
        calls.add("metric export");
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public io.opentelemetry.sdk.metrics.data.AggregationTemporality getAggregationTemporality(
          InstrumentType instrumentType) {
        return io.opentelemetry.sdk.metrics.data.AggregationTemporality.CUMULATIVE;
      }

      @Override
      public CompletableResultCode flush() {
        calls.add("metric flush");
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode shutdown() {
        calls.add("metric shutdown");
        return CompletableResultCode.ofSuccess();
      }
    };
  }
}
