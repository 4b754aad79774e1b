package io.poolpilot.sidecar.ingest;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.poolpilot.sidecar.model.InstanceKey;
import io.poolpilot.sidecar.model.LiveModel;
import io.poolpilot.sidecar.model.PoolModel;
import io.poolpilot.sidecar.model.PoolReport;
import io.poolpilot.sidecar.model.SpanRecord;
import java.util.Map;
import java.util.Objects;

/**
 * Feeds decoded OTLP exports to the live model and says what to answer: metrics to the pool and
 * process models, spans to the trace buffer and the route model, each answer an empty {@code
 * Export*ServiceResponse} or a partial success naming the first thing the model could not use.
 *
 * <p>Thread-safe: {@link OtlpIngest} calls it on the event loop for small bodies and on its workers
 * for large ones, at once; the extractors hold no state and the models are thread-safe.
 */
final class ExportRecorder {

  private final LiveModel live;
  private final PoolMetricsExtractor extractor = new PoolMetricsExtractor();
  private final ProcessMetricsExtractor processes = new ProcessMetricsExtractor();
  private final SpanExtractor spans = new SpanExtractor();

  ExportRecorder(LiveModel live) {
    this.live = Objects.requireNonNull(live, "live");
  }

  ExportMetricsServiceResponse metrics(ExportMetricsServiceRequest request) {
    PoolModel model = live.pools();
    PoolMetricsExtractor.Extraction extraction = extractor.extract(request);
    heard(extraction.senders());
    processes.extract(request).forEach(live.processes()::record);
    long rejected = extraction.rejectedPoints();
    String problem = extraction.firstProblem();
    for (PoolReport report : extraction.reports()) {
      if (!model.record(report, live.processes().cpuUtilization(InstanceKey.of(report.key())))) {
        rejected++;
        if (problem == null) {
          problem =
              "pool "
                  + report.key().pool()
                  + " of "
                  + report.key().service()
                  + " not recorded: the sidecar tracks at most "
                  + PoolModel.MAX_POOLS
                  + " pools";
        }
      }
    }
    ExportMetricsServiceResponse.Builder response = ExportMetricsServiceResponse.newBuilder();
    if (rejected > 0) {
      response.setPartialSuccess(
          ExportMetricsPartialSuccess.newBuilder()
              .setRejectedDataPoints(rejected)
              .setErrorMessage(problem));
    }
    return response.build();
  }

  ExportTraceServiceResponse traces(ExportTraceServiceRequest request) {
    SpanExtractor.Extraction extraction = spans.extract(request);
    heard(extraction.senders());
    live.traces().add(extraction.spans());
    for (SpanRecord span : extraction.spans()) {
      live.routes().record(span);
    }
    ExportTraceServiceResponse.Builder response = ExportTraceServiceResponse.newBuilder();
    if (extraction.skipped() > 0) {
      response.setPartialSuccess(
          ExportTracePartialSuccess.newBuilder()
              .setRejectedSpans(extraction.skipped())
              .setErrorMessage("span without a trace id"));
    }
    return response.build();
  }

  private void heard(Map<InstanceKey, String> senders) {
    senders.forEach(live.pools()::heard);
  }
}
