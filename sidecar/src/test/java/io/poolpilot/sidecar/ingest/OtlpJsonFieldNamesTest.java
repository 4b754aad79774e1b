package io.poolpilot.sidecar.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class OtlpJsonFieldNamesTest {

  @Test
  void findsASnakeCaseIdDeepInsideASpanNamingWhereItIs() {
    JsonObject json =
        new JsonObject(
            """
            {"resourceSpans":[{"scopeSpans":[{"spans":[
              {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174"},
              {"trace_id":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174"}]}]}]}
            """);

    List<MisnamedKey> misnamed =
        OtlpJsonFieldNames.misnamed(json, ExportTraceServiceRequest.getDescriptor());

    assertThat(misnamed).hasSize(1);
    assertThat(misnamed.get(0).where().toString())
        .isEqualTo("resourceSpans[0].scopeSpans[0].spans[1]");
    assertThat(misnamed.get(0).reason())
        .isEqualTo(
            "key 'trace_id' in resourceSpans[0].scopeSpans[0].spans[1] is a protobuf field name;"
                + " OTLP/JSON requires the lowerCamelCase 'traceId'");
  }

  @Test
  void findsASnakeCaseKeyAtTheTopLevelAndDoesNotLookUnderIt() {
    JsonObject json =
        new JsonObject("{\"resource_metrics\":[{\"scope_metrics\":[{\"metrics\":[]}]}]}");

    List<MisnamedKey> misnamed =
        OtlpJsonFieldNames.misnamed(json, ExportMetricsServiceRequest.getDescriptor());

    assertThat(misnamed)
        .extracting(MisnamedKey::reason)
        .containsExactly(
            "key 'resource_metrics' at the top level is a protobuf field name;"
                + " OTLP/JSON requires the lowerCamelCase 'resourceMetrics'");
    assertThat(misnamed.get(0).where().isRoot()).isTrue();
  }

  @Test
  void findsOneKeyPerObjectInTheOrderTheyAppear() {
    JsonObject json =
        new JsonObject(
            """
            {"resourceLogs":[{"resource":{"attributes":[
                {"key":"service.name","value":{"string_value":"orders"}}]},
              "scopeLogs":[{"logRecords":[
                {"body":{"stringValue":"fine"}},
                {"severity_number":9,"time_unix_nano":"1"}]}]}]}
            """);

    List<MisnamedKey> misnamed =
        OtlpJsonFieldNames.misnamed(json, ExportLogsServiceRequest.getDescriptor());

    assertThat(misnamed)
        .extracting(key -> key.where().toString(), MisnamedKey::key, MisnamedKey::jsonName)
        .containsExactly(
            Tuple.tuple(
                "resourceLogs[0].resource.attributes[0].value", "string_value", "stringValue"),
            Tuple.tuple(
                "resourceLogs[0].scopeLogs[0].logRecords[1]", "severity_number", "severityNumber"));
  }

  @Test
  void findsNothingInLowerCamelCaseOneWordNamesAndUnknownKeys() {
    JsonObject json =
        new JsonObject(
            """
            {"resourceSpans":[{"schemaUrl":"s","someFutureField":{"some_future_field":1},
              "scopeSpans":[{"scope":{"name":"n","droppedAttributesCount":0},
                "spans":[{"name":"x","kind":2,"parentSpanId":"","attributes":[],"events":[],
                  "future_field":1}]}]}]}
            """);

    assertThat(OtlpJsonFieldNames.misnamed(json, ExportTraceServiceRequest.getDescriptor()))
        .isEmpty();
  }
}
