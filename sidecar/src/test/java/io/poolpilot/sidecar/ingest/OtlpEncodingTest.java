package io.poolpilot.sidecar.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import io.vertx.core.buffer.Buffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class OtlpEncodingTest {

  @Test
  void choosesTheEncodingByMediaTypeIgnoringCaseAndParameters() {
    assertThat(OtlpEncoding.of("application/x-protobuf")).contains(OtlpEncoding.PROTOBUF);
    assertThat(OtlpEncoding.of("Application/JSON; charset=utf-8")).contains(OtlpEncoding.JSON);
    assertThat(OtlpEncoding.of("application/grpc")).isEmpty();
    assertThat(OtlpEncoding.of(null)).isEmpty();
  }

  @Test
  void decodesOtlpJsonIdsAsHexNotBase64() throws InvalidProtocolBufferException {
    String json =
        """
        {"resourceSpans":[{"scopeSpans":[{"spans":[{
          "traceId":"5B8EFFF798038103D269B633813FC60C",
          "spanId":"eee19b7ec3c1b174",
          "parentSpanId":"",
          "links":[{"traceId":"00000000000000000000000000000001","spanId":"0000000000000002"}],
          "kind":2}]}]}]}
        """;

    ExportTraceServiceRequest request =
        OtlpEncoding.JSON
            .<ExportTraceServiceRequest>decode(
                Buffer.buffer(json), ExportTraceServiceRequest.newBuilder())
            .message();

    Span span = request.getResourceSpans(0).getScopeSpans(0).getSpans(0);
    assertThat(span.getTraceId().toByteArray())
        .isEqualTo(HexFormat.of().parseHex("5b8efff798038103d269b633813fc60c"));
    assertThat(span.getSpanId().toByteArray())
        .isEqualTo(HexFormat.of().parseHex("eee19b7ec3c1b174"));
    assertThat(span.getParentSpanId().isEmpty()).isTrue();
    assertThat(span.getLinks(0).getSpanId().toByteArray())
        .isEqualTo(HexFormat.of().parseHex("0000000000000002"));
    assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
  }

  @Test
  void encodesInTheEncodingItWasAskedFor() throws InvalidProtocolBufferException {
    ExportTraceServiceRequest request =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(
                io.opentelemetry.proto.trace.v1.ResourceSpans.newBuilder().setSchemaUrl("s"))
            .build();

    assertThat(OtlpEncoding.JSON.encode(request).toString())
        .isEqualTo("{\"resourceSpans\":[{\"schemaUrl\":\"s\"}]}");
    assertThat(
            OtlpEncoding.PROTOBUF
                .<ExportTraceServiceRequest>decode(
                    OtlpEncoding.PROTOBUF.encode(request), ExportTraceServiceRequest.newBuilder())
                .message())
        .isEqualTo(request);
  }

  @Test
  void aJsonBodyThatIsNotAnObjectDoesNotDecode() {
    assertThatThrownBy(
            () ->
                OtlpEncoding.JSON.decode(
                    Buffer.buffer("[1]"), ExportTraceServiceRequest.newBuilder()))
        .isInstanceOf(InvalidProtocolBufferException.class)
        .hasMessageContaining("not a JSON object");
  }
}
