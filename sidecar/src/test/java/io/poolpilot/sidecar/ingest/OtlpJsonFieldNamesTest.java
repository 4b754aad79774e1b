package io.poolpilot.sidecar.ingest;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class OtlpJsonFieldNamesTest {

  @Test
  void refusesASnakeCaseIdDeepInsideASpanNamingWhereItIs() {
    JsonObject json =
        new JsonObject(
            """
            {"resourceSpans":[{"scopeSpans":[{"spans":[
              {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174"},
              {"trace_id":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174"}]}]}]}
            """);

    assertThatThrownBy(
            () ->
                OtlpJsonFieldNames.requireLowerCamelCase(
                    json, ExportTraceServiceRequest.getDescriptor()))
        .hasMessage(
            "key 'trace_id' in resourceSpans[0].scopeSpans[0].spans[1] is a protobuf field name;"
                + " OTLP/JSON requires the lowerCamelCase 'traceId'");
  }

  @Test
  void refusesASnakeCaseKeyAtTheTopLevel() {
    JsonObject json = new JsonObject("{\"resource_metrics\":[]}");

    assertThatThrownBy(
            () ->
                OtlpJsonFieldNames.requireLowerCamelCase(
                    json, ExportMetricsServiceRequest.getDescriptor()))
        .hasMessage(
            "key 'resource_metrics' at the top level is a protobuf field name;"
                + " OTLP/JSON requires the lowerCamelCase 'resourceMetrics'");
  }

  @Test
  void refusesSnakeCaseInsideAttributeValuesAndLogRecords() {
    JsonObject attribute =
        new JsonObject(
            """
            {"resourceLogs":[{"resource":{"attributes":[
              {"key":"service.name","value":{"string_value":"orders"}}]}}]}
            """);
    JsonObject record =
        new JsonObject(
            """
            {"resourceLogs":[{"scopeLogs":[{"logRecords":[{"severity_number":9}]}]}]}
            """);

    assertThatThrownBy(
            () ->
                OtlpJsonFieldNames.requireLowerCamelCase(
                    attribute, ExportLogsServiceRequest.getDescriptor()))
        .hasMessageContaining(
            "'string_value' in resourceLogs[0].resource.attributes[0].value is a protobuf field");
    assertThatThrownBy(
            () ->
                OtlpJsonFieldNames.requireLowerCamelCase(
                    record, ExportLogsServiceRequest.getDescriptor()))
        .hasMessageContaining("requires the lowerCamelCase 'severityNumber'");
  }

  @Test
  void acceptsLowerCamelCaseOneWordNamesAndUnknownKeys() {
    JsonObject json =
        new JsonObject(
            """
            {"resourceSpans":[{"schemaUrl":"s","someFutureField":{"some_future_field":1},
              "scopeSpans":[{"scope":{"name":"n","droppedAttributesCount":0},
                "spans":[{"name":"x","kind":2,"parentSpanId":"","attributes":[],"events":[]}]}]}]}
            """);

    assertThatCode(
            () ->
                OtlpJsonFieldNames.requireLowerCamelCase(
                    json, ExportTraceServiceRequest.getDescriptor()))
        .doesNotThrowAnyException();
  }
}
