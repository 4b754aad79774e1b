package io.poolpilot.sidecar.ingest;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import io.poolpilot.sidecar.auth.TelemetrySenders.Verdict;
import io.poolpilot.sidecar.model.LiveModel;
import io.poolpilot.sidecar.model.Sender;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Not a test: a probe of what a metrics export costs the sidecar in allocation and in live heap,
 * for docs/benchmarks.md (section 4). Run after {@code mvn test-compile}:
 *
 * <pre>
 * java -cp sidecar/target/test-classes:sidecar/target/classes:$DEPENDENCIES \
 *     io.poolpilot.sidecar.ingest.MetricsAllocationProbe [rounds]
 * </pre>
 *
 * <p>(docs/benchmarks.md, run S9, has the whole command.)
 *
 * <p>Allocation: bytes the thread allocated ({@code com.sun.management.ThreadMXBean}) around
 * decoding the benchmark replay's captured 10-pool body, and around decoding it and recording it
 * into a live model, by the streaming reader and by protobuf-java's generated classes, in
 * alternating blocks within one run, each export restamped one second after the last so the model
 * does an export's real work. Live heap: used heap after a full collection with 1,000 processes of
 * 10 pools recorded (two exports each), less before; a pool's state and history are allocated in
 * full on its first export, so this is what they hold for good.
 */
public final class MetricsAllocationProbe {

  private static final Verdict AGENT = new Verdict(Sender.AGENT, null);
  private static final long SECOND = 1_000_000_000L;

  private MetricsAllocationProbe() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
    ExportMetricsServiceRequest captured = captured();
    long start = System.currentTimeMillis() * 1_000_000L - 3_600 * SECOND;
    List<byte[]> bodies = new ArrayList<>(rounds);
    for (int k = 0; k < rounds; k++) {
      bodies.add(stamped(captured, "probe", start + k * SECOND).toByteArray());
    }
    System.out.printf(
        "body %d bytes, %d pools; %d exports a block%n", bodies.get(0).length, 10, rounds);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Function<byte[], Object> streamingDecode = body -> streamed(body);
    Function<byte[], Object> generatedDecode = body -> generated(body);
    if (Boolean.getBoolean("probe.streamingOnly")) {
      // For an allocation profile of the streaming path alone.
      long bytes = 0;
      for (int repeat = 0; repeat < 6; repeat++) {
        // A model of its own each time: the bodies' times start again.
        ExportRecorder streaming = new ExportRecorder(LiveModel.create(Clock.systemUTC()));
        bytes = perExport(threads, bodies, body -> record(streaming, streamed(body)));
      }
      System.out.printf("decode+record streaming %,d bytes per export%n", bytes);
      return;
    }
    for (int repeat = 0; repeat < 6; repeat++) {
      ExportRecorder streaming = new ExportRecorder(LiveModel.create(Clock.systemUTC()));
      ExportRecorder generated = new ExportRecorder(LiveModel.create(Clock.systemUTC()));
      long decodeStreamed = perExport(threads, bodies, streamingDecode);
      long decodeGenerated = perExport(threads, bodies, generatedDecode);
      long recordStreamed = perExport(threads, bodies, body -> record(streaming, streamed(body)));
      long recordGenerated =
          perExport(threads, bodies, body -> record(generated, MetricsView.of(generated(body))));
      System.out.printf(
          "block %d (%s): bytes per export: decode streaming %,d generated %,d;"
              + " decode+record streaming %,d generated %,d%n",
          repeat,
          repeat < 2 ? "warm-up" : "measured",
          decodeStreamed,
          decodeGenerated,
          recordStreamed,
          recordGenerated);
    }
    liveHeap(captured, start);
  }

  private static long perExport(
      com.sun.management.ThreadMXBean threads, List<byte[]> bodies, Function<byte[], Object> work) {
    long id = Thread.currentThread().getId();
    Object sink = null;
    long before = threads.getThreadAllocatedBytes(id);
    for (byte[] body : bodies) {
      sink = work.apply(body);
    }
    long after = threads.getThreadAllocatedBytes(id);
    if (sink == null) {
      throw new IllegalStateException("nothing decoded");
    }
    return (after - before) / bodies.size();
  }

  private static Object record(ExportRecorder recorder, MetricsView view) {
    return recorder.metrics(view, new Rejections(), instance -> AGENT, instance -> {});
  }

  private static MetricsView streamed(byte[] body) {
    try {
      return StreamingMetricsReader.read(ByteBuffer.wrap(body));
    } catch (StreamingMetricsReader.Unusual e) {
      throw new IllegalStateException(e);
    }
  }

  private static ExportMetricsServiceRequest generated(byte[] body) {
    try {
      return ExportMetricsServiceRequest.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Used heap after a full collection, 1,000 processes of 10 pools in the model, less before. */
  private static void liveHeap(ExportMetricsServiceRequest captured, long start) {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    int processes = 1_000;
    List<byte[]> first = new ArrayList<>(processes);
    List<byte[]> second = new ArrayList<>(processes);
    for (int p = 0; p < processes; p++) {
      first.add(stamped(captured, "probe-" + p, start).toByteArray());
      second.add(stamped(captured, "probe-" + p, start + SECOND).toByteArray());
    }
    long before = usedAfterGc(memory);
    LiveModel live = LiveModel.create(Clock.systemUTC());
    ExportRecorder recorder = new ExportRecorder(live);
    for (List<byte[]> round : List.of(first, second)) {
      for (byte[] body : round) {
        record(recorder, streamed(body));
      }
    }
    long after = usedAfterGc(memory);
    int pools = live.pools().snapshots().size();
    System.out.printf(
        "live heap: %,d bytes for %d pools of %d processes: %,d bytes a pool%n",
        after - before, pools, processes, (after - before) / Math.max(1, pools));
    if (Boolean.getBoolean("probe.hold")) {
      // Time for a class histogram of the model: jcmd <pid> GC.class_histogram.
      System.out.println("holding the model for 60 s");
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    System.out.println(live.pools().snapshots().size() + " pools still held");
  }

  private static long usedAfterGc(MemoryMXBean memory) {
    for (int k = 0; k < 3; k++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  /** The export with its resource's instance id and every point's time replaced. */
  private static ExportMetricsServiceRequest stamped(
      ExportMetricsServiceRequest export, String instance, long timeUnixNano) {
    ExportMetricsServiceRequest.Builder builder = export.toBuilder();
    builder
        .getResourceMetricsBuilderList()
        .forEach(
            resource -> {
              Resource.Builder attributes = resource.getResourceBuilder();
              for (KeyValue.Builder attribute : attributes.getAttributesBuilderList()) {
                if (attribute.getKey().equals("service.instance.id")) {
                  attribute.setValue(AnyValue.newBuilder().setStringValue(instance));
                }
              }
              resource
                  .getScopeMetricsBuilderList()
                  .forEach(
                      scope -> {
                        for (Metric.Builder metric : scope.getMetricsBuilderList()) {
                          stamp(metric, timeUnixNano);
                        }
                      });
            });
    return builder.build();
  }

  private static void stamp(Metric.Builder metric, long timeUnixNano) {
    List<NumberDataPoint.Builder> numbers =
        switch (metric.getDataCase()) {
          case GAUGE -> metric.getGaugeBuilder().getDataPointsBuilderList();
          case SUM -> metric.getSumBuilder().getDataPointsBuilderList();
          default -> List.of();
        };
    numbers.forEach(point -> point.setTimeUnixNano(timeUnixNano));
    if (metric.hasExponentialHistogram()) {
      for (ExponentialHistogramDataPoint.Builder point :
          metric.getExponentialHistogramBuilder().getDataPointsBuilderList()) {
        point.setTimeUnixNano(timeUnixNano);
      }
    }
  }

  private static ExportMetricsServiceRequest captured() throws IOException {
    try (InputStream in =
        MetricsAllocationProbe.class.getResourceAsStream(
            "/otlp/replayed-agent-metrics-10-pools.pb")) {
      return ExportMetricsServiceRequest.parseFrom(in);
    }
  }
}
