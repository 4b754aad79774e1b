package io.poolpilot.sidecar.testing;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.resource.v1.Resource;

/** Log exports for tests, as an OpenTelemetry SDK sends them. */
public final class Logs {

  public static final String TRACE_ID = "5b8efff798038103d269b633813fc60c";
  public static final String SPAN_ID = "eee19b7ec3c1b174";

  private Logs() {}

  /** An export of one INFO record saying {@code message}, from {@code service}, inside a span. */
  public static ExportLogsServiceRequest export(String service, String message) {
    LogRecord record =
        LogRecord.newBuilder()
            .setTimeUnixNano(Spans.START_NANOS)
            .setObservedTimeUnixNano(Spans.START_NANOS)
            .setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_INFO)
            .setSeverityText("INFO")
            .setBody(AnyValue.newBuilder().setStringValue(message))
            .setTraceId(ByteString.fromHex(TRACE_ID))
            .setSpanId(ByteString.fromHex(SPAN_ID))
            .build();
    Resource resource =
        Resource.newBuilder()
            .addAttributes(
                KeyValue.newBuilder()
                    .setKey("service.name")
                    .setValue(AnyValue.newBuilder().setStringValue(service)))
            .build();
    return ExportLogsServiceRequest.newBuilder()
        .addResourceLogs(
            ResourceLogs.newBuilder()
                .setResource(resource)
                .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(record)))
        .build();
  }
}
