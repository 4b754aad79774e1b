package io.poolpilot.agent.telemetry;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Reports failing metric exports once (see {@link ExportFailureReport}) and gives every export a
 * deadline. Nothing is retried or buffered here: counts are cumulative, so the next successful
 * export carries everything a failed one would have.
 */
final class FailureReportingMetricExporter implements MetricExporter {
  private final MetricExporter delegate;
  private final ExportFailureReport failures;
  private final ScheduledExecutorService watchdog;
  private final Duration deadline;

  /**
   * @param watchdog where each export's deadline is kept
   * @param deadline after this long an export that has not finished counts as failed, so one
   *     stalled answer cannot hold up every export after it
   */
  FailureReportingMetricExporter(
      MetricExporter delegate,
      String target,
      Consumer<String> report,
      ScheduledExecutorService watchdog,
      Duration deadline) {
    this.delegate = delegate;
    this.failures = new ExportFailureReport("metric export", target, report);
    this.watchdog = watchdog;
    this.deadline = deadline;
  }

  @Override
  public CompletableResultCode export(Collection<MetricData> metrics) {
    CompletableResultCode result;
    try {
      result = delegate.export(metrics);
    } catch (RuntimeException e) {
      result = CompletableResultCode.ofExceptionalFailure(e);
    }
    CompletableResultCode delegated = result;
    CompletableResultCode done = new CompletableResultCode();
    delegated.whenComplete(
        () -> {
          if (delegated.isSuccess()) {
            done.succeed();
          } else if (delegated.getFailureThrowable() != null) {
            done.failExceptionally(delegated.getFailureThrowable());
          } else {
            done.fail();
          }
        });
    ScheduledFuture<?> expiry =
        watchdog.schedule(
            () ->
                done.failExceptionally(
                    new TimeoutException(
                        "no complete answer within " + deadline.toMillis() + " ms")),
            deadline.toMillis(),
            TimeUnit.MILLISECONDS);
    done.whenComplete(
        () -> {
          expiry.cancel(false);
          observe(done);
        });
    return done;
  }

  private void observe(CompletableResultCode result) {
    if (result.isSuccess()) {
      failures.succeeded();
    } else {
      failures.failed(result.getFailureThrowable());
    }
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
