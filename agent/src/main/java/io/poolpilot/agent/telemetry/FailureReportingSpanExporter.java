package io.poolpilot.agent.telemetry;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.function.Consumer;

/**
 * Reports failing span exports once (see {@link ExportFailureReport}). Spans that fail to export
 * are dropped, not retried: the batch processor's queue is bounded, and a down sidecar must never
 * make the application hold on to its spans.
 */
final class FailureReportingSpanExporter implements SpanExporter {
  private final SpanExporter delegate;
  private final ExportFailureReport failures;

  FailureReportingSpanExporter(SpanExporter delegate, String target, Consumer<String> report) {
    this.delegate = delegate;
    this.failures = new ExportFailureReport("span export", target, report);
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    CompletableResultCode result;
    try {
      result = delegate.export(spans);
    } catch (RuntimeException e) {
      result = CompletableResultCode.ofExceptionalFailure(e);
    }
    CompletableResultCode done = result;
    done.whenComplete(
        () -> {
          if (done.isSuccess()) {
            failures.succeeded();
          } else {
            failures.failed(done.getFailureThrowable());
          }
        });
    return done;
  }

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }
}
