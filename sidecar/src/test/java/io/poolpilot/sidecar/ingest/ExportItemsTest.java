package io.poolpilot.sidecar.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExportItemsTest {

  @Test
  void addressesTheSpanAKeyIsInOrUnder() {
    JsonPath span = JsonPath.ROOT.key("resourceSpans").element(1).key("scopeSpans").element(0);
    span = span.key("spans").element(2);

    assertThat(ExportItems.TRACES.address(span)).containsExactly(1, 0, 2);
    assertThat(ExportItems.TRACES.address(span.key("events").element(4))).containsExactly(1, 0, 2);
  }

  @Test
  void addressesTheWholeResourceScopeOrExportForAKeyAboveTheSpans() {
    JsonPath resource = JsonPath.ROOT.key("resourceSpans").element(3);

    assertThat(ExportItems.TRACES.address(resource)).containsExactly(3);
    assertThat(ExportItems.TRACES.address(resource.key("resource").key("attributes").element(5)))
        .containsExactly(3);
    assertThat(ExportItems.TRACES.address(resource.key("scopeSpans").element(1).key("scope")))
        .containsExactly(3, 1);
    assertThat(ExportItems.TRACES.address(JsonPath.ROOT)).isEmpty();
  }

  @Test
  void addressesAMetricsPointThroughItsMetricsDataKind() {
    JsonPath metric =
        JsonPath.ROOT
            .key("resourceMetrics")
            .element(0)
            .key("scopeMetrics")
            .element(2)
            .key("metrics")
            .element(1);

    assertThat(ExportItems.METRICS.address(metric.key("sum").key("dataPoints").element(7)))
        .containsExactly(0, 2, 1, 7);
    assertThat(
            ExportItems.METRICS.address(
                metric.key("exponentialHistogram").key("dataPoints").element(0).key("positive")))
        .containsExactly(0, 2, 1, 0);
    assertThat(ExportItems.METRICS.address(metric.key("gauge"))).containsExactly(0, 2, 1);
    assertThat(ExportItems.METRICS.address(metric)).containsExactly(0, 2, 1);
  }

  @Test
  void leavesOutAndCountsOnlyTheRefusedSpans() {
    ExportTraceServiceRequest export =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(resource(scope("a", "b", "c"), scope("d")))
            .addResourceSpans(resource(scope("e", "f")))
            .build();

    ExportItems.Screened<ExportTraceServiceRequest> screened =
        ExportItems.TRACES.screen(
            export,
            List.of(
                misnamed(JsonPath.ROOT.key("resourceSpans").element(1)),
                misnamed(spanPath(0, 0, 1)),
                misnamed(spanPath(0, 0, 1).key("events").element(0)),
                misnamed(spanPath(1, 0, 0))));

    assertThat(screened.refused()).as("e and f with their resource, and b once").isEqualTo(3);
    assertThat(screened.reason()).contains("in resourceSpans[1] ");
    assertThat(names(screened.kept())).containsExactly("a", "c", "d");
    assertThat(screened.kept().getResourceSpansCount()).isEqualTo(1);
  }

  @Test
  void countsEverySpanOfTheExportForAKeyAtTheTop() {
    ExportTraceServiceRequest export =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(resource(scope("a", "b"), scope("c")))
            .addResourceSpans(resource(scope("d")))
            .build();

    ExportItems.Screened<ExportTraceServiceRequest> screened =
        ExportItems.TRACES.screen(export, List.of(misnamed(JsonPath.ROOT)));

    assertThat(screened.refused()).isEqualTo(4);
    assertThat(screened.kept()).isEqualTo(ExportTraceServiceRequest.getDefaultInstance());
  }

  @Test
  void refusesOnePointOrAWholeMetricKeepingTheOtherMetrics() {
    ExportMetricsServiceRequest export =
        ExportMetricsServiceRequest.newBuilder()
            .addResourceMetrics(
                ResourceMetrics.newBuilder()
                    .addScopeMetrics(
                        ScopeMetrics.newBuilder()
                            .addMetrics(gauge("m0", 1, 2, 3))
                            .addMetrics(sum("m1", 4, 5))
                            .addMetrics(gauge("m2", 6))))
            .build();
    JsonPath metrics =
        JsonPath.ROOT.key("resourceMetrics").element(0).key("scopeMetrics").element(0);

    ExportItems.Screened<ExportMetricsServiceRequest> screened =
        ExportItems.METRICS.screen(
            export,
            List.of(
                misnamed(metrics.key("metrics").element(0).key("gauge")),
                misnamed(metrics.key("metrics").element(1).key("sum").key("dataPoints").element(0)),
                misnamed(metrics.key("metrics").element(2).key("name"))));

    assertThat(screened.refused()).as("3 of m0, 1 of m1, 1 of m2").isEqualTo(5);
    List<Metric> kept = screened.kept().getResourceMetrics(0).getScopeMetrics(0).getMetricsList();
    assertThat(kept).extracting(Metric::getName).containsExactly("m1");
    assertThat(kept.get(0).getSum().getDataPointsList())
        .extracting(NumberDataPoint::getAsInt)
        .containsExactly(5L);
  }

  @Test
  void leavesAnExportWithoutMisnamedKeysAsItIs() {
    ExportTraceServiceRequest export =
        ExportTraceServiceRequest.newBuilder().addResourceSpans(resource(scope("a"))).build();

    ExportItems.Screened<ExportTraceServiceRequest> screened =
        ExportItems.TRACES.screen(export, List.of());

    assertThat(screened.kept()).isSameAs(export);
    assertThat(screened.refused()).isZero();
    assertThat(screened.reason()).isNull();
  }

  private static JsonPath spanPath(int resource, int scope, int span) {
    return JsonPath.ROOT
        .key("resourceSpans")
        .element(resource)
        .key("scopeSpans")
        .element(scope)
        .key("spans")
        .element(span);
  }

  private static MisnamedKey misnamed(JsonPath where) {
    return new MisnamedKey(where, "some_key", "someKey");
  }

  private static ResourceSpans resource(ScopeSpans... scopes) {
    return ResourceSpans.newBuilder().addAllScopeSpans(List.of(scopes)).build();
  }

  private static ScopeSpans scope(String... names) {
    ScopeSpans.Builder scope = ScopeSpans.newBuilder();
    for (String name : names) {
      scope.addSpans(Span.newBuilder().setName(name));
    }
    return scope.build();
  }

  private static List<String> names(ExportTraceServiceRequest export) {
    return export.getResourceSpansList().stream()
        .flatMap(resource -> resource.getScopeSpansList().stream())
        .flatMap(scope -> scope.getSpansList().stream())
        .map(Span::getName)
        .toList();
  }

  private static Metric gauge(String name, long... values) {
    Gauge.Builder gauge = Gauge.newBuilder();
    for (long value : values) {
      gauge.addDataPoints(NumberDataPoint.newBuilder().setAsInt(value));
    }
    return Metric.newBuilder().setName(name).setGauge(gauge).build();
  }

  private static Metric sum(String name, long... values) {
    Sum.Builder sum = Sum.newBuilder();
    for (long value : values) {
      sum.addDataPoints(NumberDataPoint.newBuilder().setAsInt(value));
    }
    return Metric.newBuilder().setName(name).setSum(sum).build();
  }
}
