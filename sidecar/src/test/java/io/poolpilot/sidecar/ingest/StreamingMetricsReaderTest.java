package io.poolpilot.sidecar.ingest;

import static io.poolpilot.sidecar.testing.PoolExport.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import io.poolpilot.sidecar.model.ProcessReport;
import io.poolpilot.sidecar.testing.PoolExport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The streaming reader against protobuf-java's generated classes: for every body both read, the
 * pool and process extractors must give the same reports, rejections and senders, so the model is
 * updated the same whichever decoded it. Bodies: the benchmark replay's agent exports (captured in
 * {@code src/test/resources/otlp}), {@link PoolExport}'s, and bodies built to exercise what the
 * agent never sends (unknown fields, unpacked buckets, attributes of other types, merged fields),
 * plus thousands of mutations of them.
 */
class StreamingMetricsReaderTest {

  private final PoolMetricsExtractor pools = new PoolMetricsExtractor();
  private final ProcessMetricsExtractor processes = new ProcessMetricsExtractor();

  static Stream<byte[]> bodies() throws IOException {
    List<byte[]> bodies = new ArrayList<>();
    bodies.add(resource("replayed-agent-metrics-10-pools.pb"));
    bodies.add(resource("replayed-agent-metrics-3-pools.pb"));
    bodies.add(
        pool("orders", "i-1", "orders-*")
            .distro("poolpilot")
            .threads(4, 16, 3, 1)
            .queue(7, 100, 0.25)
            .tasks(1_000, 2)
            .queueWait(3, 5, -4, 1, 2, 3, 0, 9)
            .runTime(3, 0, 10, 4, 4)
            .cpu(0.5, 8)
            .otherMetric("http.server.active_requests", 3)
            .request()
            .toByteArray());
    bodies.add(
        pool("orders", "i-2", "io-*")
            .delta()
            .tasks(5, 0)
            .queueWait(2, 1, 0, 1)
            .request()
            .toByteArray());
    bodies.add(pool("", "", "x").deltaThreadCount(3).request().toByteArray());
    bodies.add(withUnknownFields());
    bodies.add(oddAttributes());
    bodies.add(otherKinds());
    bodies.add(unpackedBuckets());
    bodies.add(mergedResource());
    bodies.add(new byte[0]);
    return bodies.stream();
  }

  @ParameterizedTest
  @MethodSource("bodies")
  void readsWhatTheGeneratedClassesRead(byte[] body) throws Exception {
    assertSameExtraction(body, StreamingMetricsReader.read(ByteBuffer.wrap(body)));
  }

  @Test
  void theAgentsBodiesAreReadInFull() throws Exception {
    byte[] body = resource("replayed-agent-metrics-10-pools.pb");
    PoolMetricsExtractor.Extraction extraction =
        pools.extract(StreamingMetricsReader.read(ByteBuffer.wrap(body)));
    assertThat(extraction.reports()).hasSize(10);
    assertThat(extraction.reports())
        .allSatisfy(
            report -> {
              assertThat(report.queueWait()).isPresent();
              assertThat(report.runTime()).isPresent();
            });
    assertThat(extraction.rejectedPoints()).isZero();
    assertThat(processes.extract(StreamingMetricsReader.read(ByteBuffer.wrap(body))))
        .singleElement()
        .satisfies(report -> assertThat(report.isEmpty()).isFalse());
  }

  @Test
  void readsABodyAtAnOffsetInItsBuffer() throws Exception {
    byte[] body = resource("replayed-agent-metrics-3-pools.pb");
    ByteBuffer padded = ByteBuffer.allocateDirect(body.length + 20);
    padded.position(13);
    padded.put(body);
    padded.position(13).limit(13 + body.length);
    assertSameExtraction(body, StreamingMetricsReader.read(padded.slice()));
    assertSameExtraction(body, StreamingMetricsReader.read(padded));
  }

  @Test
  void leavesInvalidBodiesToTheGeneratedParser() throws Exception {
    byte[] body = resource("replayed-agent-metrics-3-pools.pb");
    byte[] truncated = java.util.Arrays.copyOf(body, body.length - 3);
    assertThatThrownBy(() -> ExportMetricsServiceRequest.parseFrom(truncated))
        .isInstanceOf(InvalidProtocolBufferException.class);
    assertThatThrownBy(() -> StreamingMetricsReader.read(ByteBuffer.wrap(truncated)))
        .isInstanceOf(StreamingMetricsReader.Unusual.class);
    byte[] endGroup = {0x0c};
    assertThatThrownBy(() -> StreamingMetricsReader.read(ByteBuffer.wrap(endGroup)))
        .isInstanceOf(StreamingMetricsReader.Unusual.class);
  }

  /** Groups nested far deeper than any stack: refused at once, not skipped level by level. */
  @Test
  void leavesGroupsToTheGeneratedParser() {
    byte[] nested = new byte[1_000_000];
    // Field 99, start group: two bytes of tag, repeated.
    for (int k = 0; k + 1 < nested.length; k += 2) {
      nested[k] = (byte) 0x9b;
      nested[k + 1] = 0x06;
    }
    assertThatThrownBy(() -> StreamingMetricsReader.read(ByteBuffer.wrap(nested)))
        .isInstanceOf(StreamingMetricsReader.Unusual.class);
    assertThatThrownBy(() -> ExportMetricsServiceRequest.parseFrom(nested))
        .isInstanceOf(InvalidProtocolBufferException.class);
  }

  @Test
  void leavesAMetricWhoseDataComesBeforeItsNameToTheGeneratedParser() throws IOException {
    byte[] gauge =
        Metric.newBuilder()
            .setGauge(
                io.opentelemetry.proto.metrics.v1.Gauge.newBuilder()
                    .addDataPoints(NumberDataPoint.newBuilder().setAsInt(4)))
            .build()
            .toByteArray();
    byte[] name = Metric.newBuilder().setName("jvm.executor.thread.core").build().toByteArray();
    byte[] metric = concat(gauge, name);
    byte[] body = wrap(1, wrap(2, wrap(2, metric)));
    assertThat(ExportMetricsServiceRequest.parseFrom(body).getResourceMetrics(0)).isNotNull();
    assertThatThrownBy(() -> StreamingMetricsReader.read(ByteBuffer.wrap(body)))
        .isInstanceOf(StreamingMetricsReader.Unusual.class);
  }

  /**
   * Thousands of bodies mutated byte by byte and field by field: wherever both decoders read one,
   * the extractions agree; and most are read by the streaming reader, so the comparison is not
   * vacuous.
   */
  @Test
  void agreesOnMutatedBodies() throws Exception {
    Random random = new Random(29);
    OtlpMutator mutator = new OtlpMutator(random);
    List<byte[]> seeds = bodies().toList();
    int both = 0;
    int tried = 3_000;
    for (int k = 0; k < tried; k++) {
      byte[] seed = seeds.get(random.nextInt(seeds.size()));
      byte[] body;
      if (random.nextBoolean()) {
        body = mutator.bytes(seed);
      } else {
        body = mutator.metrics(ExportMetricsServiceRequest.parseFrom(seed)).toByteArray();
      }
      MetricsView streamed;
      try {
        streamed = StreamingMetricsReader.read(ByteBuffer.wrap(body));
      } catch (StreamingMetricsReader.Unusual e) {
        continue;
      }
      ExportMetricsServiceRequest generated;
      try {
        generated = ExportMetricsServiceRequest.parseFrom(body);
      } catch (InvalidProtocolBufferException e) {
        // Invalid only in a part the sidecar does not read: accepted unread, by design.
        continue;
      }
      assertSameExtraction(generated, streamed);
      both++;
    }
    assertThat(both).isGreaterThan(tried / 3);
  }

  private void assertSameExtraction(byte[] body, MetricsView streamed) throws Exception {
    assertSameExtraction(ExportMetricsServiceRequest.parseFrom(body), streamed);
  }

  private void assertSameExtraction(ExportMetricsServiceRequest generated, MetricsView streamed) {
    PoolMetricsExtractor.Extraction expected = pools.extract(generated);
    PoolMetricsExtractor.Extraction actual = pools.extract(streamed);
    assertThat(actual.reports()).isEqualTo(expected.reports());
    assertThat(actual.rejectedPoints()).isEqualTo(expected.rejectedPoints());
    assertThat(actual.firstProblem()).isEqualTo(expected.firstProblem());
    assertThat(actual.senders()).isEqualTo(expected.senders());
    List<ProcessReport> expectedProcesses = processes.extract(generated);
    assertThat(processes.extract(streamed)).isEqualTo(expectedProcesses);
  }

  /** Unknown fields at every level the reader walks: varint, fixed and length-delimited. */
  private static byte[] withUnknownFields() {
    UnknownFieldSet unknown =
        UnknownFieldSet.newBuilder()
            .addField(
                99,
                UnknownFieldSet.Field.newBuilder()
                    .addVarint(7)
                    .addFixed64(-1)
                    .addFixed32(3)
                    .addLengthDelimited(ByteString.copyFromUtf8("not read"))
                    .build())
            .build();
    ExportMetricsServiceRequest plain =
        pool("orders", "i-1", "orders-*")
            .threads(4, 16, 3, 1)
            .tasks(10, 0)
            .queueWait(3, 1, 2, 5, 6)
            .cpu(0.25)
            .request();
    ExportMetricsServiceRequest.Builder request = plain.toBuilder().setUnknownFields(unknown);
    ResourceMetrics.Builder resource = request.getResourceMetricsBuilder(0);
    resource.setUnknownFields(unknown);
    resource.getResourceBuilder().setUnknownFields(unknown);
    resource.getResourceBuilder().getAttributesBuilder(0).setUnknownFields(unknown);
    resource
        .getResourceBuilder()
        .getAttributesBuilder(0)
        .getValueBuilder()
        .setUnknownFields(unknown);
    ScopeMetrics.Builder scope = resource.getScopeMetricsBuilder(0).setUnknownFields(unknown);
    for (Metric.Builder metric : scope.getMetricsBuilderList()) {
      metric.setUnknownFields(unknown).setDescription("d").setUnit("1");
      switch (metric.getDataCase()) {
        case GAUGE ->
            metric
                .getGaugeBuilder()
                .getDataPointsBuilderList()
                .forEach(p -> p.setUnknownFields(unknown));
        case SUM -> {
          metric.getSumBuilder().setUnknownFields(unknown);
          metric
              .getSumBuilder()
              .getDataPointsBuilderList()
              .forEach(p -> p.setUnknownFields(unknown));
        }
        case EXPONENTIAL_HISTOGRAM -> {
          metric.getExponentialHistogramBuilder().setUnknownFields(unknown);
          for (ExponentialHistogramDataPoint.Builder point :
              metric.getExponentialHistogramBuilder().getDataPointsBuilderList()) {
            point.setUnknownFields(unknown).setSum(3.5).setMin(0.1).setMax(2).setCount(11);
            point.getPositiveBuilder().setUnknownFields(unknown);
            point.getNegativeBuilder().setOffset(3).addBucketCounts(4);
          }
        }
        default -> {}
      }
    }
    return request.build().toByteArray();
  }

  /**
   * Attributes the reader must read as the generated classes do: non-string values, empty strings,
   * a key given twice (the first non-empty string wins), a value whose kind changes within it, keys
   * a byte or a character away from one the extractors read.
   */
  private static byte[] oddAttributes() throws IOException {
    byte[] stringThenInt =
        concat(
            AnyValue.newBuilder().setStringValue("first").build().toByteArray(),
            AnyValue.newBuilder().setIntValue(5).build().toByteArray());
    byte[] intThenString =
        concat(
            AnyValue.newBuilder().setIntValue(5).build().toByteArray(),
            AnyValue.newBuilder().setStringValue("later-*").build().toByteArray());
    ExportMetricsServiceRequest base =
        ExportMetricsServiceRequest.newBuilder()
            .addResourceMetrics(
                ResourceMetrics.newBuilder()
                    .setResource(
                        Resource.newBuilder()
                            .addAttributes(
                                keyValue("service.name", AnyValue.newBuilder().setIntValue(1)))
                            .addAttributes(string("service.name", ""))
                            .addAttributes(string("service.name", "orders"))
                            .addAttributes(string("service.name", "ignored"))
                            .addAttributes(string("service.instance.id", "i-9")))
                    .addScopeMetrics(
                        ScopeMetrics.newBuilder()
                            .addMetrics(
                                gauge(
                                    "jvm.executor.thread.core",
                                    point(4)
                                        .addAttributes(string("jvm.executor.nam", "prefix"))
                                        .addAttributes(string("jvm.executor.namf", "one byte off"))
                                        .addAttributes(string("jvm.executor.name.", "longer"))
                                        .addAttributes(string("jvm.executor.name", "a-*"))))
                            .addMetrics(
                                gauge(
                                    "jvm.executor.thread.limit",
                                    point(8)
                                        .addAttributes(
                                            keyValue(
                                                "jvm.executor.name",
                                                AnyValue.newBuilder().setBoolValue(true)))
                                        .addAttributes(string("jvm.executor.name", "a-*"))))
                            .addMetrics(
                                gauge(
                                    "jvm.executor.queue.size",
                                    point(2).addAttributes(string("jvm.executor.name", "")))))
                    .build())
            .build();
    // Attributes whose value changes kind within one KeyValue, only expressible on the wire.
    byte[] pointStringThenInt =
        concat(
            point(3).build().toByteArray(),
            wrap(7, concat(wrap(1, "jvm.executor.name".getBytes()), wrap(2, stringThenInt))));
    byte[] pointIntThenString =
        concat(
            point(5).build().toByteArray(),
            wrap(7, concat(wrap(1, "jvm.executor.name".getBytes()), wrap(2, intThenString))));
    byte[] metrics =
        concat(
            wrap(2, gaugeBytes("jvm.executor.queue.capacity", pointStringThenInt)),
            wrap(2, gaugeBytes("jvm.executor.queue.capacity", pointIntThenString)));
    return concat(base.toByteArray(), wrap(1, wrap(2, metrics)));
  }

  /** Pool metrics of kinds the extractors refuse, and a thread count in delta temporality. */
  private static byte[] otherKinds() {
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(
            ResourceMetrics.newBuilder()
                .addScopeMetrics(
                    ScopeMetrics.newBuilder()
                        .addMetrics(
                            Metric.newBuilder()
                                .setName("jvm.executor.task.wait")
                                .setHistogram(
                                    Histogram.newBuilder()
                                        .addDataPoints(
                                            io.opentelemetry.proto.metrics.v1.HistogramDataPoint
                                                .newBuilder()
                                                .addBucketCounts(3))))
                        .addMetrics(Metric.newBuilder().setName("jvm.executor.thread.core"))
                        .addMetrics(
                            Metric.newBuilder()
                                .setName("jvm.executor.thread.count")
                                .setSum(
                                    Sum.newBuilder()
                                        .setAggregationTemporality(
                                            AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                                        .addDataPoints(point(1))
                                        .addDataPoints(point(2))))
                        .addMetrics(
                            Metric.newBuilder()
                                .setName("jvm.executor.task.completed")
                                .setSum(
                                    Sum.newBuilder()
                                        .setAggregationTemporalityValue(7)
                                        .addDataPoints(
                                            point(2)
                                                .addAttributes(string("jvm.executor.name", "b")))))
                        .addMetrics(
                            Metric.newBuilder()
                                .setName("jvm.executor.task.duration")
                                .setExponentialHistogram(
                                    ExponentialHistogram.newBuilder()
                                        .addDataPoints(
                                            ExponentialHistogramDataPoint.newBuilder()
                                                .setScale(99)
                                                .addAttributes(
                                                    string("jvm.executor.name", "b")))))))
        .build()
        .toByteArray();
  }

  /** Bucket counts unpacked, and packed and unpacked mixed in one point, which proto3 allows. */
  private static byte[] unpackedBuckets() throws IOException {
    ByteArrayOutputStream buckets = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(buckets);
    out.writeSInt32(1, -2);
    out.writeUInt64(2, 3);
    out.writeUInt64(2, 0);
    out.writeUInt64(2, 1L << 40);
    out.writeTag(2, 2);
    out.writeUInt32NoTag(2);
    out.writeUInt64NoTag(1);
    out.writeUInt64NoTag(6);
    out.writeUInt64(2, 2);
    out.flush();
    byte[] point =
        concat(
            ExponentialHistogramDataPoint.newBuilder()
                .addAttributes(string("jvm.executor.name", "orders-*"))
                .setStartTimeUnixNano(PoolExport.START_NANOS)
                .setTimeUnixNano(PoolExport.START_NANOS + 1_000_000_000L)
                .setScale(3)
                .setZeroCount(1)
                .build()
                .toByteArray(),
            wrap(8, buckets.toByteArray()));
    byte[] histogram =
        concat(
            ExponentialHistogram.newBuilder()
                .setAggregationTemporality(
                    AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                .build()
                .toByteArray(),
            wrap(1, point));
    byte[] metric = concat(wrap(1, "jvm.executor.task.wait".getBytes()), wrap(10, histogram));
    byte[] base = pool("orders", "i-1", "orders-*").threads(1, 2, 1, 0).request().toByteArray();
    return concat(base, wrap(1, wrap(2, wrap(2, metric))));
  }

  /** A resource given twice in one ResourceMetrics: the generated parser merges the two. */
  private static byte[] mergedResource() throws IOException {
    byte[] first =
        ResourceMetrics.newBuilder()
            .setResource(Resource.newBuilder().addAttributes(string("service.instance.id", "i-3")))
            .build()
            .toByteArray();
    byte[] second =
        pool("orders", "i-4", "orders-*").threads(1, 2, 1, 0).resourceMetrics().toByteArray();
    return wrap(1, concat(first, second));
  }

  private static Metric.Builder gauge(String name, NumberDataPoint.Builder point) {
    return Metric.newBuilder()
        .setName(name)
        .setGauge(io.opentelemetry.proto.metrics.v1.Gauge.newBuilder().addDataPoints(point));
  }

  private static byte[] gaugeBytes(String name, byte[] point) throws IOException {
    return concat(wrap(1, name.getBytes()), wrap(5, wrap(1, point)));
  }

  private static NumberDataPoint.Builder point(long value) {
    return NumberDataPoint.newBuilder()
        .setStartTimeUnixNano(PoolExport.START_NANOS)
        .setTimeUnixNano(PoolExport.START_NANOS + 1_000_000_000L)
        .setAsInt(value);
  }

  private static KeyValue string(String key, String value) {
    return keyValue(key, AnyValue.newBuilder().setStringValue(value));
  }

  private static KeyValue keyValue(String key, AnyValue.Builder value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }

  /** {@code bytes} as field {@code field}, length-delimited. */
  private static byte[] wrap(int field, byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CodedOutputStream coded = CodedOutputStream.newInstance(out);
    coded.writeByteArray(field, bytes);
    coded.flush();
    return out.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = StreamingMetricsReaderTest.class.getResourceAsStream("/otlp/" + name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }
}
