package io.poolpilot.agent.telemetry;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import java.util.Collection;
import java.util.function.Consumer;

/**
 * Says once that export is failing and once that it recovered, instead of a line per attempt: with
 * the sidecar down for an hour, a one-second export interval would otherwise write 3,600 lines into
 * the application's stderr. Nothing is retried or buffered here: counts are cumulative, so the next
 * successful export carries everything a failed one would have.
 */
final class FailureReportingMetricExporter implements MetricExporter {
  private final MetricExporter delegate;
  private final String target;
  private final Consumer<String> report;
  private volatile boolean failing;

  FailureReportingMetricExporter(MetricExporter delegate, String target, Consumer<String> report) {
    this.delegate = delegate;
    this.target = target;
    this.report = report;
  }

  @Override
  public CompletableResultCode export(Collection<MetricData> metrics) {
    CompletableResultCode result;
    try {
      result = delegate.export(metrics);
    } catch (RuntimeException e) {
      result = CompletableResultCode.ofExceptionalFailure(e);
    }
    CompletableResultCode done = result;
    done.whenComplete(() -> observe(done));
    return done;
  }

  private synchronized void observe(CompletableResultCode result) {
    if (result.isSuccess()) {
      if (failing) {
        failing = false;
        report.accept("metric export to " + target + " recovered");
      }
    } else if (!failing) {
      failing = true;
      Throwable cause = result.getFailureThrowable();
      report.accept(
          "metric export to "
              + target
              + " failed ("
              + describe(cause)
              + "); the application is unaffected, retrying quietly until it recovers");
    }
  }

  /** The innermost cause is the telling one: a refused connection, a time-out, a status code. */
  static String describe(Throwable cause) {
    if (cause == null) {
      return "no answer or an error status";
    }
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  @Override
  public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
    return delegate.getAggregationTemporality(instrumentType);
  }

  @Override
  public Aggregation getDefaultAggregation(InstrumentType instrumentType) {
    return delegate.getDefaultAggregation(instrumentType);
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
