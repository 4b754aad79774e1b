package io.poolpilot.sidecar.ingest;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.poolpilot.sidecar.auth.TelemetrySenders.Verdict;
import io.poolpilot.sidecar.model.InstanceKey;
import io.poolpilot.sidecar.model.LiveModel;
import io.poolpilot.sidecar.model.PoolReport;
import io.poolpilot.sidecar.model.ProcessReport;
import io.poolpilot.sidecar.model.Sender;
import io.poolpilot.sidecar.model.SpanRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Feeds decoded OTLP exports to the live model and says what to answer: metrics to the pool and
 * process models, spans to the trace buffer and the route model, logs nowhere; each answer an empty
 * {@code Export*ServiceResponse} or a partial success naming the first thing the model could not
 * use. Items left out before the export gets here (those of a JSON body keyed by protobuf field
 * names, {@link ExportItems}) come already counted, and are answered for in the same partial
 * success.
 *
 * <p>Each process's data goes in marked with who sent it ({@link Verdict}, decided from the
 * request's token and session): an agent's steers, anyone else's is only shown, and data in the
 * name of a process an agent owns, without its session, is refused here and counted in the partial
 * success.
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

  /**
   * @param rejections the data points already left out of {@code request}; this adds its own
   * @param verdicts who each process's data in this request is from
   * @param admitted told of each process the pool model took in from its agent
   */
  ExportMetricsServiceResponse metrics(
      MetricsView request,
      Rejections rejections,
      Function<InstanceKey, Verdict> verdicts,
      Consumer<InstanceKey> admitted) {
    PoolMetricsExtractor.Extraction extraction = extractor.extract(request);
    rejections.add(extraction.rejectedPoints(), extraction.firstProblem());
    heard(extraction.senders(), verdicts, admitted);
    for (ProcessReport report : processes.extract(request)) {
      Verdict verdict = verdicts.apply(report.key());
      if (!verdict.refused()) {
        live.processes().record(report, verdict.sender());
      }
    }
    for (PoolReport report : extraction.reports()) {
      InstanceKey instance = InstanceKey.of(report.key());
      Verdict verdict = verdicts.apply(instance);
      Optional<String> refusal =
          verdict.refused()
              ? Optional.of(verdict.refusal())
              : live.pools()
                  .record(report, live.processes().cpuUtilization(instance), verdict.sender());
      refusal.ifPresent(rejections::add);
    }
    ExportMetricsServiceResponse.Builder response = ExportMetricsServiceResponse.newBuilder();
    if (rejections.count() > 0) {
      response.setPartialSuccess(
          ExportMetricsPartialSuccess.newBuilder()
              .setRejectedDataPoints(rejections.count())
              .setErrorMessage(rejections.first()));
    }
    return response.build();
  }

  /**
   * @param rejections the spans already left out of {@code request}; this adds its own
   * @param verdicts who each process's data in this request is from
   * @param admitted told of each process the pool model took in from its agent
   */
  ExportTraceServiceResponse traces(
      ExportTraceServiceRequest request,
      Rejections rejections,
      Function<InstanceKey, Verdict> verdicts,
      Consumer<InstanceKey> admitted) {
    SpanExtractor.Extraction extraction = spans.extract(request);
    rejections.add(extraction.refused(), extraction.firstRefusal());
    heard(extraction.senders(), verdicts, admitted);
    List<SpanRecord> kept = new ArrayList<>(extraction.spans().size());
    for (SpanRecord span : extraction.spans()) {
      Verdict verdict = verdicts.apply(new InstanceKey(span.service(), span.instance()));
      if (verdict.refused()) {
        rejections.add(verdict.refusal());
        continue;
      }
      kept.add(span);
      live.routes().record(span, verdict.sender());
    }
    live.traces().add(kept);
    ExportTraceServiceResponse.Builder response = ExportTraceServiceResponse.newBuilder();
    if (rejections.count() > 0) {
      response.setPartialSuccess(
          ExportTracePartialSuccess.newBuilder()
              .setRejectedSpans(rejections.count())
              .setErrorMessage(rejections.first()));
    }
    return response.build();
  }

  /**
   * Accepts every record of a logs export that decoded, apart from those already refused ({@code
   * rejections}: records a JSON body misnamed a key in, which are answered for like any signal's):
   * the sidecar keeps no logs and steers nothing by them, so it has no reason of its own to refuse
   * one, and the OTLP log data model asks a receiver to treat a record whose trace or span id is
   * missing or invalid as one not tied to a trace rather than as invalid. Who sent it does not
   * matter either: nothing of it is recorded in anyone's name.
   */
  ExportLogsServiceResponse logs(ExportLogsServiceRequest request, Rejections rejections) {
    Objects.requireNonNull(request, "request");
    if (rejections.count() == 0) {
      return ExportLogsServiceResponse.getDefaultInstance();
    }
    return ExportLogsServiceResponse.newBuilder()
        .setPartialSuccess(
            ExportLogsPartialSuccess.newBuilder()
                .setRejectedLogRecords(rejections.count())
                .setErrorMessage(rejections.first()))
        .build();
  }

  /** Notes every process in the request; an agent whose process is taken in comes to own it. */
  private void heard(
      Map<InstanceKey, String> senders,
      Function<InstanceKey, Verdict> verdicts,
      Consumer<InstanceKey> admitted) {
    senders.forEach(
        (instance, distro) -> {
          Verdict verdict = verdicts.apply(instance);
          if (!verdict.refused()
              && live.pools().heard(instance, distro, verdict.sender()).isEmpty()
              && verdict.sender() == Sender.AGENT) {
            admitted.accept(instance);
          }
        });
  }
}
