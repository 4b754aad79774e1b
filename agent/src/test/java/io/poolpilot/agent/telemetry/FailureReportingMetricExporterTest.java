package io.poolpilot.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FailureReportingMetricExporterTest {
  private static final String TARGET = "http://127.0.0.1:4318/v1/metrics";

  private final List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stopWatchdog() {
    watchdog.shutdownNow();
  }

  /** Answers each export with the next scripted result. */
  private static final class ScriptedExporter implements MetricExporter {
    final Deque<Supplier<CompletableResultCode>> script = new ArrayDeque<>();
    int exports;
    boolean flushed;
    boolean shutDown;

    ScriptedExporter failing(int times) {
      for (int i = 0; i < times; i++) {
        script.add(CompletableResultCode::ofFailure);
      }
      return this;
    }

    ScriptedExporter succeeding(int times) {
      for (int i = 0; i < times; i++) {
        script.add(CompletableResultCode::ofSuccess);
      }
      return this;
    }

    ScriptedExporter then(Supplier<CompletableResultCode> result) {
      script.add(result);
      return this;
    }

    @Override
    public CompletableResultCode export(Collection<MetricData> metrics) {
      exports++;
      return script.remove().get();
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
      return AggregationTemporality.DELTA;
    }

    @Override
    public CompletableResultCode flush() {
      flushed = true;
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      shutDown = true;
      return CompletableResultCode.ofSuccess();
    }
  }

  private FailureReportingMetricExporter reporting(MetricExporter delegate) {
    return new FailureReportingMetricExporter(
        delegate, TARGET, lines::add, watchdog, Duration.ofSeconds(30));
  }

  private static void exportTimes(MetricExporter exporter, int times) {
    for (int i = 0; i < times; i++) {
      exporter.export(List.of());
    }
  }

  @Test
  void anExportThatNeverFinishesFailsAtItsDeadlineSoTheNextOneCanRun() {
    ScriptedExporter delegate =
        new ScriptedExporter().then(CompletableResultCode::new).succeeding(1);
    FailureReportingMetricExporter exporter =
        new FailureReportingMetricExporter(
            delegate, TARGET, lines::add, watchdog, Duration.ofMillis(200));

    CompletableResultCode stalled = exporter.export(List.of());
    stalled.join(10, TimeUnit.SECONDS);

    assertThat(stalled.isDone()).isTrue();
    assertThat(stalled.isSuccess()).isFalse();
    assertThat(lines).singleElement().asString().contains("failed", "TimeoutException");
    assertThat(exporter.export(List.of()).join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
    assertThat(lines).hasSize(2).last().asString().endsWith("recovered");
  }

  @Test
  void reportsOneFailureLineAndOneRecoveryLineForARunOfFailures() {
    ScriptedExporter delegate = new ScriptedExporter().failing(7).succeeding(5);
    FailureReportingMetricExporter exporter = reporting(delegate);

    exportTimes(exporter, 12);

    assertThat(delegate.exports).isEqualTo(12);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).contains(TARGET, "failed", "application is unaffected");
    assertThat(lines.get(1)).isEqualTo("metric export to " + TARGET + " recovered");
  }

  @Test
  void saysNothingWhileExportsSucceed() {
    exportTimes(reporting(new ScriptedExporter().succeeding(10)), 10);

    assertThat(lines).isEmpty();
  }

  @Test
  void reportsEachNewOutageOnce() {
    ScriptedExporter delegate =
        new ScriptedExporter().failing(3).succeeding(2).failing(4).succeeding(1);

    exportTimes(reporting(delegate), 10);

    assertThat(lines)
        .hasSize(4)
        .satisfiesExactly(
            l -> assertThat(l).contains("failed"),
            l -> assertThat(l).contains("recovered"),
            l -> assertThat(l).contains("failed"),
            l -> assertThat(l).contains("recovered"));
  }

  @Test
  void passesTheDelegatesResultThrough() {
    FailureReportingMetricExporter exporter =
        reporting(new ScriptedExporter().failing(1).succeeding(1));

    assertThat(exporter.export(List.of()).isSuccess()).isFalse();
    assertThat(exporter.export(List.of()).isSuccess()).isTrue();
  }

  @Test
  void aDelegateThatThrowsCountsAsAFailureNamingTheInnermostCause() {
    ScriptedExporter delegate =
        new ScriptedExporter()
            .then(
                () -> {
                  throw new IllegalStateException(
                      "send failed", new IOException("wrapped", new ConnectException("refused")));
                })
            .succeeding(1);
    FailureReportingMetricExporter exporter = reporting(delegate);

    CompletableResultCode first = exporter.export(List.of());
    exporter.export(List.of());

    assertThat(first.isSuccess()).isFalse();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).contains("ConnectException: refused");
  }

  @Test
  void reportsWhenAnExportInFlightCompletesNotBefore() {
    CompletableResultCode pending = new CompletableResultCode();
    FailureReportingMetricExporter exporter = reporting(new ScriptedExporter().then(() -> pending));

    exporter.export(List.of());
    assertThat(lines).isEmpty();

    pending.fail();
    assertThat(lines).singleElement().asString().contains("failed");
  }

  @Test
  void describesTheCauseOfAFailure() {
    assertThat(ExportFailureReport.describe(null)).isEqualTo("no answer or an error status");
    assertThat(
            ExportFailureReport.describe(
                new RuntimeException("outer", new ConnectException("Connection refused"))))
        .isEqualTo("ConnectException: Connection refused");
    assertThat(ExportFailureReport.describe(new IOException())).isEqualTo("IOException");
  }

  @Test
  void aFailureWithAnExceptionNamesIt() {
    exportTimes(
        reporting(
            new ScriptedExporter()
                .then(
                    () -> CompletableResultCode.ofExceptionalFailure(new IOException("HTTP 503")))),
        1);

    assertThat(lines).singleElement().asString().contains("IOException: HTTP 503");
  }

  @Test
  void delegatesEverythingElse() {
    ScriptedExporter delegate = new ScriptedExporter();
    FailureReportingMetricExporter exporter = reporting(delegate);

    assertThat(exporter.getAggregationTemporality(InstrumentType.COUNTER))
        .isEqualTo(AggregationTemporality.DELTA);
    exporter.flush();
    exporter.shutdown();

    assertThat(delegate.flushed).isTrue();
    assertThat(delegate.shutDown).isTrue();
  }
}
