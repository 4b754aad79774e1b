package io.poolpilot.sidecar.ingest;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Mutates OTLP exports the way a broken or hostile sender would: field by field (bucket offsets and
 * scales, counts, values, timestamps, attribute values, repeated points and spans) and byte by byte
 * (bit flips, truncation, inserted and duplicated runs). Deterministic for a given {@link Random}.
 */
final class OtlpMutator {

  private static final long[] LONGS = {
    0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 53, (1L << 53) + 1, 1L << 62, 1L << 32
  };

  private static final double[] DOUBLES = {
    Double.NaN,
    Double.POSITIVE_INFINITY,
    Double.NEGATIVE_INFINITY,
    -1,
    -0.0,
    Double.MAX_VALUE,
    Double.MIN_VALUE,
    1e300,
    0x1p53,
    0x1p53 + 2
  };

  private static final int[] INTS = {
    0, 1, -1, 1 << 27, 1 << 29, (1 << 31) - 1, Integer.MIN_VALUE, (1 << 31) - 2, 64 << 20, -240
  };

  /**
   * The most bytes one mutation repeats a field to: enough to send bodies past the ingest's event
   * loop threshold, little enough that thousands of them take seconds (the largest bodies are the
   * fuzz test's own).
   */
  private static final long REPEATED_BYTES = 256 << 10;

  private final Random random;

  OtlpMutator(Random random) {
    this.random = random;
  }

  /** {@code export} with one to three field mutations. */
  ExportMetricsServiceRequest metrics(ExportMetricsServiceRequest export) {
    ExportMetricsServiceRequest.Builder request = export.toBuilder();
    for (int m = 1 + random.nextInt(3); m > 0; m--) {
      if (request.getResourceMetricsCount() == 0) {
        break;
      }
      ResourceMetrics.Builder resource =
          request.getResourceMetricsBuilder(random.nextInt(request.getResourceMetricsCount()));
      switch (random.nextInt(8)) {
        case 0 -> request.addResourceMetrics(resource.build());
        case 1 -> resource.getResourceBuilder().addAttributes(0, attribute("service.name"));
        default -> {
          if (resource.getScopeMetricsCount() > 0) {
            mutate(resource.getScopeMetricsBuilder(0));
          }
        }
      }
    }
    return request.build();
  }

  private void mutate(ScopeMetrics.Builder scope) {
    if (scope.getMetricsCount() == 0) {
      return;
    }
    int index = random.nextInt(scope.getMetricsCount());
    Metric.Builder metric = scope.getMetricsBuilder(index);
    if (random.nextInt(10) == 0) {
      repeat(scope.getMetrics(index), scope::addMetrics);
      return;
    }
    switch (metric.getDataCase()) {
      case EXPONENTIAL_HISTOGRAM -> {
        var histogram = metric.getExponentialHistogramBuilder();
        if (random.nextInt(8) == 0) {
          histogram.setAggregationTemporalityValue(random.nextInt(4));
        }
        if (histogram.getDataPointsCount() > 0) {
          int p = random.nextInt(histogram.getDataPointsCount());
          if (random.nextInt(6) == 0) {
            ExponentialHistogramDataPoint point = histogram.getDataPoints(p);
            repeat(point, copy -> histogram.addDataPoints(shifted(copy)));
          } else {
            mutate(histogram.getDataPointsBuilder(p));
          }
        }
      }
      case GAUGE -> {
        var gauge = metric.getGaugeBuilder();
        if (gauge.getDataPointsCount() > 0) {
          mutate(gauge.getDataPointsBuilder(random.nextInt(gauge.getDataPointsCount())));
        }
      }
      case SUM -> {
        var sum = metric.getSumBuilder();
        if (random.nextInt(5) == 0) {
          sum.setAggregationTemporality(
              random.nextBoolean()
                  ? AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA
                  : AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
        }
        if (sum.getDataPointsCount() > 0) {
          mutate(sum.getDataPointsBuilder(random.nextInt(sum.getDataPointsCount())));
        }
      }
      default -> metric.setName(metric.getName() + "x");
    }
  }

  private void mutate(ExponentialHistogramDataPoint.Builder point) {
    ExponentialHistogramDataPoint.Buckets.Builder positive = point.getPositiveBuilder();
    switch (random.nextInt(9)) {
      case 0 -> positive.setOffset(anyInt());
      case 1 -> point.setScale(random.nextInt(41) - 15);
      case 2 -> {
        if (positive.getBucketCountsCount() > 0) {
          positive.setBucketCounts(random.nextInt(positive.getBucketCountsCount()), anyLong());
        }
      }
      case 3 -> {
        long[] more = new long[random.nextInt(6_000)];
        Arrays.fill(more, 1);
        for (long count : more) {
          positive.addBucketCounts(count);
        }
      }
      case 4 -> point.setZeroCount(anyLong());
      case 5 -> point.setSum(anyDouble()).setMin(anyDouble()).setMax(anyDouble());
      case 6 -> point.setTimeUnixNano(anyLong());
      case 7 -> point.setStartTimeUnixNano(anyLong());
      default -> point.setAttributes(0, attribute("jvm.executor.name"));
    }
  }

  private void mutate(NumberDataPoint.Builder point) {
    switch (random.nextInt(5)) {
      case 0 -> point.setAsDouble(anyDouble());
      case 1 -> point.setAsInt(anyLong());
      case 2 -> point.setTimeUnixNano(anyLong());
      case 3 -> point.setStartTimeUnixNano(anyLong());
      default -> {
        if (point.getAttributesCount() > 0) {
          point.setAttributes(0, attribute(point.getAttributes(0).getKey()));
        }
      }
    }
  }

  /** {@code export} with one to three field mutations of its spans. */
  ExportTraceServiceRequest traces(ExportTraceServiceRequest export) {
    ExportTraceServiceRequest.Builder request = export.toBuilder();
    for (int m = 1 + random.nextInt(3); m > 0; m--) {
      if (request.getResourceSpansCount() == 0) {
        break;
      }
      ResourceSpans.Builder resource =
          request.getResourceSpansBuilder(random.nextInt(request.getResourceSpansCount()));
      if (resource.getScopeSpansCount() == 0 || resource.getScopeSpans(0).getSpansCount() == 0) {
        continue;
      }
      ScopeSpans.Builder scope = resource.getScopeSpansBuilder(0);
      int index = random.nextInt(scope.getSpansCount());
      Span.Builder span = scope.getSpansBuilder(index);
      switch (random.nextInt(10)) {
        case 0 -> repeat(scope.getSpans(index), scope::addSpans);
        case 1 -> span.setTraceId(randomBytes(random.nextInt(3) * 8));
        case 2 -> span.setStartTimeUnixNano(anyLong());
        case 3 -> span.setEndTimeUnixNano(anyLong());
        case 4 -> span.setKindValue(random.nextInt(8));
        case 5 -> span.getStatusBuilder().setCodeValue(random.nextInt(5)).setMessage(text());
        case 6 ->
            span.addAttributes(
                KeyValue.newBuilder()
                    .setKey("poolpilot.queue.wait")
                    .setValue(
                        random.nextBoolean()
                            ? AnyValue.newBuilder().setDoubleValue(anyDouble())
                            : AnyValue.newBuilder().setStringValue(String.valueOf(anyDouble()))));
        case 7 -> {
          for (int k = random.nextInt(2_000); k > 0; k--) {
            span.addAttributes(attribute("a" + k));
          }
        }
        case 8 -> resource.getResourceBuilder().addAttributes(attribute("service.instance.id"));
        default -> {
          if (span.getAttributesCount() > 0) {
            span.setAttributes(0, attribute(span.getAttributes(0).getKey()));
          }
        }
      }
    }
    return request.build();
  }

  /** {@code body} with one to four byte-level mutations. */
  byte[] bytes(byte[] body) {
    byte[] bytes = body.clone();
    for (int m = 1 + random.nextInt(4); m > 0 && bytes.length > 0; m--) {
      int at = random.nextInt(bytes.length);
      switch (random.nextInt(5)) {
        case 0 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
        case 1 -> bytes = Arrays.copyOf(bytes, at);
        case 2 -> {
          byte[] inserted = new byte[1 + random.nextInt(16)];
          random.nextBytes(inserted);
          bytes = splice(bytes, at, inserted);
        }
        case 3 -> {
          int length = Math.min(bytes.length - at, 1 + random.nextInt(256));
          bytes = splice(bytes, at, Arrays.copyOfRange(bytes, at, at + length));
        }
        default -> {
          int length = Math.min(bytes.length - at, 1 + random.nextInt(64));
          byte[] cut = new byte[bytes.length - length];
          System.arraycopy(bytes, 0, cut, 0, at);
          System.arraycopy(bytes, at + length, cut, at, bytes.length - at - length);
          bytes = cut;
        }
      }
    }
    return bytes;
  }

  /**
   * Adds {@code original} again, up to a few thousand times and {@link #REPEATED_BYTES} in all: a
   * duplicated repeated field, large but within the sidecar's body limit.
   */
  private <T extends MessageLite> void repeat(T original, Consumer<T> add) {
    int most = (int) Math.min(3_000, REPEATED_BYTES / Math.max(1, original.getSerializedSize()));
    for (int k = random.nextInt(most + 1); k >= 0; k--) {
      add.accept(original);
    }
  }

  private ExponentialHistogramDataPoint shifted(ExponentialHistogramDataPoint point) {
    ExponentialHistogramDataPoint.Builder copy = point.toBuilder();
    copy.getPositiveBuilder().setOffset(point.getPositive().getOffset() + random.nextInt(9_000));
    return copy.build();
  }

  private KeyValue attribute(String key) {
    AnyValue.Builder value = AnyValue.newBuilder();
    switch (random.nextInt(6)) {
      case 0 -> value.setDoubleValue(anyDouble());
      case 1 -> value.setIntValue(anyLong());
      case 2 -> value.setBoolValue(random.nextBoolean());
      case 3 -> value.setBytesValue(randomBytes(random.nextInt(40)));
      case 4 ->
          value.getArrayValueBuilder().addValues(AnyValue.newBuilder().setStringValue(text()));
      default -> value.setStringValue(text());
    }
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }

  /** A text value; never one that reads as a number, so only numbers are checked for those. */
  private String text() {
    return switch (random.nextInt(4)) {
      case 0 -> "";
      case 1 -> "x".repeat(random.nextInt(20_000));
      case 2 -> "pool-" + random.nextInt(1_000);
      default -> "\u0000\uD800 \"}{" + random.nextInt();
    };
  }

  private ByteString randomBytes(int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return ByteString.copyFrom(bytes);
  }

  private long anyLong() {
    return random.nextBoolean() ? LONGS[random.nextInt(LONGS.length)] : random.nextLong();
  }

  private int anyInt() {
    return random.nextBoolean() ? INTS[random.nextInt(INTS.length)] : random.nextInt();
  }

  private double anyDouble() {
    return random.nextBoolean()
        ? DOUBLES[random.nextInt(DOUBLES.length)]
        : random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
  }

  private static byte[] splice(byte[] bytes, int at, byte[] inserted) {
    byte[] spliced = new byte[bytes.length + inserted.length];
    System.arraycopy(bytes, 0, spliced, 0, at);
    System.arraycopy(inserted, 0, spliced, at, inserted.length);
    System.arraycopy(bytes, at, spliced, at + inserted.length, bytes.length - at);
    return spliced;
  }
}
