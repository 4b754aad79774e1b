package io.poolpilot.agent.telemetry;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * A metric exporter built at its first export ({@link BuiltOnFirstUse}), so that the OTLP
 * exporter's classes are not loaded during the application's start; metric exports wait for the
 * start anyway. The metric reader asks an exporter for its temporality and default aggregation when
 * it is registered, before any export: this one answers what the agent's OTLP exporter answers
 * (cumulative, the default aggregation; the agent configures neither), which a test checks against
 * a built one.
 */
final class LazyMetricExporter implements MetricExporter {
  private final BuiltOnFirstUse<MetricExporter> exporter;

  LazyMetricExporter(Supplier<? extends MetricExporter> build) {
    this.exporter = new BuiltOnFirstUse<>(build);
  }

  @Override
  public CompletableResultCode export(Collection<MetricData> metrics) {
    MetricExporter built;
    try {
      built = exporter.get();
    } catch (RuntimeException e) {
      return CompletableResultCode.ofExceptionalFailure(e);
    }
    return built.export(metrics);
  }

  @Override
  public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
    return AggregationTemporality.CUMULATIVE;
  }

  @Override
  public Aggregation getDefaultAggregation(InstrumentType instrumentType) {
    return Aggregation.defaultAggregation();
  }

  @Override
  public CompletableResultCode flush() {
    MetricExporter built = exporter.ifBuilt();
    return built == null ? CompletableResultCode.ofSuccess() : built.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    MetricExporter built = exporter.ifBuilt();
    return built == null ? CompletableResultCode.ofSuccess() : built.shutdown();
  }
}
