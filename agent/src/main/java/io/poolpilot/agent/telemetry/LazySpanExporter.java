package io.poolpilot.agent.telemetry;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * A span exporter built at its first export ({@link BuiltOnFirstUse}), so that the OTLP exporter's
 * classes are not loaded during the application's start. Flushing or shutting down an exporter that
 * never exported has nothing to do and builds nothing. A build that fails fails that export.
 */
final class LazySpanExporter implements SpanExporter {
  private final BuiltOnFirstUse<SpanExporter> exporter;

  LazySpanExporter(Supplier<? extends SpanExporter> build) {
    this.exporter = new BuiltOnFirstUse<>(build);
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    SpanExporter built;
    try {
      built = exporter.get();
    } catch (RuntimeException e) {
      return CompletableResultCode.ofExceptionalFailure(e);
    }
    return built.export(spans);
  }

  @Override
  public CompletableResultCode flush() {
    SpanExporter built = exporter.ifBuilt();
    return built == null ? CompletableResultCode.ofSuccess() : built.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    SpanExporter built = exporter.ifBuilt();
    return built == null ? CompletableResultCode.ofSuccess() : built.shutdown();
  }
}
