package io.poolpilot.sidecar.ingest;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.opentelemetry.proto.metrics.v1.Metric.DataCase;
import io.poolpilot.protocol.TelemetryNames;
import io.poolpilot.sidecar.ingest.MetricsView.HistogramPointData;
import io.poolpilot.sidecar.ingest.MetricsView.NumberPoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a protobuf {@code ExportMetricsServiceRequest} straight into a {@link MetricsView} with
 * protobuf-java's {@link CodedInputStream}, without building the generated messages: at a thousand
 * agents a sidecar decodes three thousand exports a second, and the generated classes made some 170
 * KB of garbage of each (a builder, a message and a list per item, a string per attribute). Only
 * what the extractors read is kept: the resource's three identifying attributes, the metrics whose
 * names they read, and of their points the pool and thread-state attributes, times, values and
 * positive buckets. Everything else is skipped by its wire type.
 *
 * <p>Same answer as the generated classes: the extractors get the same view of any body, and the
 * caller decodes with the generated classes instead whenever this reader gives up ({@link
 * Unusual}): a body that is not valid protobuf where this reader reads (so that the error the
 * sender gets is the one it always got), and the shapes no exporter writes but the protobuf rules
 * still define, whose meaning only the generated parser reproduces for certain: a metric's data
 * before its name, or twice; a point's {@code positive} buckets twice; a key or value twice in one
 * attribute; a group, anywhere. What it does not check: fields the sidecar never reads (scope,
 * description, exemplars, negative buckets, the attributes it has no key for, ...) are skipped
 * unparsed, so invalid content in them (a key that is not UTF-8, say), which the generated parser
 * would refuse, is accepted here; the body is forwarded as received either way.
 *
 * <p>A bound is still checked before the memory it guards is allocated: a point's positive buckets
 * are counted here and only copied out when {@link HistogramPointReader} has checked their shape.
 */
final class StreamingMetricsReader {

  /** The process-wide metrics {@link ProcessMetricsExtractor} reads. */
  private static final Set<String> PROCESS_METRICS =
      Set.of(
          TelemetryNames.CPU_UTILIZATION.name(),
          TelemetryNames.SYSTEM_CPU_UTILIZATION.name(),
          TelemetryNames.CPU_COUNT.name(),
          TelemetryNames.GC_TIME.name(),
          TelemetryNames.CONTAINER_CPU_PERIODS.name(),
          TelemetryNames.CONTAINER_CPU_THROTTLED_PERIODS.name());

  private static final int LEN = WireFormat.WIRETYPE_LENGTH_DELIMITED;

  /** The attribute keys the extractors read, as UTF-8, by the indices below. */
  private static final byte[][] KEYS = {
    utf8(TelemetryNames.SERVICE_NAME),
    utf8(TelemetryNames.SERVICE_INSTANCE_ID),
    utf8(TelemetryNames.DISTRO_NAME),
    utf8(TelemetryNames.EXECUTOR_NAME),
    utf8(TelemetryNames.THREAD_STATE)
  };

  private static final int SERVICE_KEY = 0;
  private static final int INSTANCE_KEY = 1;
  private static final int DISTRO_KEY = 2;
  private static final int POOL_KEY = 3;
  private static final int STATE_KEY = 4;
  private static final int OTHER_KEY = -1;
  private static final int NO_KEY = -2;

  /**
   * The body is not what this reader reads: invalid protobuf, or a shape whose meaning is left to
   * the generated parser. Without a stack trace: it is a decision, not a failure.
   */
  static final class Unusual extends Exception {
    Unusual(String what) {
      super(what, null, false, false);
    }
  }

  private final ByteBuffer body;
  private final CodedInputStream in;

  private StreamingMetricsReader(ByteBuffer body) {
    this.body = body;
    this.in = CodedInputStream.newInstance(body.duplicate());
  }

  /**
   * The view of {@code body}, a whole protobuf {@code ExportMetricsServiceRequest}.
   *
   * @throws Unusual if the body should be decoded with the generated classes instead
   */
  static MetricsView read(ByteBuffer body) throws Unusual {
    try {
      return new StreamingMetricsReader(body).request();
    } catch (InvalidProtocolBufferException e) {
      throw new Unusual("invalid: " + e.getMessage());
    } catch (IOException e) {
      // A decoder over memory reads nothing that can fail otherwise.
      throw new Unusual("unreadable: " + e.getMessage());
    }
  }

  private MetricsView request() throws IOException, Unusual {
    List<MetricsView.Resource> resources = new ArrayList<>();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == tag(1, LEN)) {
        int limit = enter();
        resources.add(resourceMetrics());
        leave(limit);
      } else {
        skip(tag);
      }
    }
    return new MetricsView(resources);
  }

  private MetricsView.Resource resourceMetrics() throws IOException, Unusual {
    Attributes attributes = new Attributes();
    List<MetricsView.Metric> metrics = new ArrayList<>();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == tag(1, LEN)) {
        // A resource given twice is merged: its attributes follow the first's, as read here.
        int limit = enter();
        resource(attributes);
        leave(limit);
      } else if (tag == tag(2, LEN)) {
        int limit = enter();
        scopeMetrics(metrics);
        leave(limit);
      } else {
        skip(tag);
      }
    }
    return new MetricsView.Resource(
        attributes.service, attributes.instance, attributes.distro, metrics);
  }

  private void resource(Attributes attributes) throws IOException, Unusual {
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == tag(1, LEN)) {
        int limit = enter();
        keyValue(attributes);
        leave(limit);
      } else {
        skip(tag);
      }
    }
  }

  private void scopeMetrics(List<MetricsView.Metric> metrics) throws IOException, Unusual {
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == tag(2, LEN)) {
        int limit = enter();
        MetricsView.Metric metric = metric();
        if (metric != null) {
          metrics.add(metric);
        }
        leave(limit);
      } else {
        skip(tag);
      }
    }
  }

  /** The metric, or null if no extractor reads one of its name. */
  private MetricsView.Metric metric() throws IOException, Unusual {
    String name = null;
    MetricsView.Metric read = null;
    boolean data = false;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == tag(1, LEN)) {
        if (data) {
          throw new Unusual("a metric's name after its data");
        }
        name = in.readStringRequireUtf8();
        continue;
      }
      DataCase kind = dataCase(tag);
      if (kind == null) {
        skip(tag);
        continue;
      }
      if (data || name == null) {
        throw new Unusual("a metric's data twice, or before its name");
      }
      data = true;
      if (!wanted(name)) {
        skip(tag);
        continue;
      }
      int limit = enter();
      read = data(name, kind);
      leave(limit);
    }
    if (name == null || !wanted(name)) {
      return null;
    }
    return read != null
        ? read
        : new MetricsView.Metric(name, DataCase.DATA_NOT_SET, false, List.of(), List.of());
  }

  private static boolean wanted(String name) {
    return PoolMetricsExtractor.isPoolMetric(name) || PROCESS_METRICS.contains(name);
  }

  /** The data field a tag is, or null if it is none. */
  private static DataCase dataCase(int tag) {
    if (WireFormat.getTagWireType(tag) != LEN) {
      return null;
    }
    return switch (WireFormat.getTagFieldNumber(tag)) {
      case 5 -> DataCase.GAUGE;
      case 7 -> DataCase.SUM;
      case 9 -> DataCase.HISTOGRAM;
      case 10 -> DataCase.EXPONENTIAL_HISTOGRAM;
      case 11 -> DataCase.SUMMARY;
      default -> null;
    };
  }

  /** A gauge's, sum's or exponential histogram's points; other kinds only by name. */
  private MetricsView.Metric data(String name, DataCase kind) throws IOException, Unusual {
    List<NumberPoint> numbers = new ArrayList<>();
    List<HistogramPointData> histograms = new ArrayList<>();
    boolean readsPoints =
        kind == DataCase.GAUGE || kind == DataCase.SUM || kind == DataCase.EXPONENTIAL_HISTOGRAM;
    boolean hasTemporality = kind == DataCase.SUM || kind == DataCase.EXPONENTIAL_HISTOGRAM;
    int temporality = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (readsPoints && tag == tag(1, LEN)) {
        int limit = enter();
        if (kind == DataCase.EXPONENTIAL_HISTOGRAM) {
          histograms.add(histogramPoint());
        } else {
          numbers.add(numberPoint());
        }
        leave(limit);
      } else if (hasTemporality && tag == tag(2, WireFormat.WIRETYPE_VARINT)) {
        temporality = in.readEnum();
      } else {
        skip(tag);
      }
    }
    // AGGREGATION_TEMPORALITY_DELTA; any other number, known or not, is not delta.
    return new MetricsView.Metric(name, kind, temporality == 1, numbers, histograms);
  }

  private NumberPoint numberPoint() throws IOException, Unusual {
    Attributes attributes = new Attributes();
    long start = 0;
    long time = 0;
    double value = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == tag(7, LEN)) {
        int limit = enter();
        keyValue(attributes);
        leave(limit);
      } else if (tag == tag(2, WireFormat.WIRETYPE_FIXED64)) {
        start = in.readFixed64();
      } else if (tag == tag(3, WireFormat.WIRETYPE_FIXED64)) {
        time = in.readFixed64();
      } else if (tag == tag(4, WireFormat.WIRETYPE_FIXED64)) {
        value = in.readDouble();
      } else if (tag == tag(6, WireFormat.WIRETYPE_FIXED64)) {
        value = in.readSFixed64();
      } else {
        skip(tag);
      }
    }
    return new NumberPoint(attributes.pool, attributes.state, start, time, value);
  }

  private HistogramPointData histogramPoint() throws IOException, Unusual {
    Attributes attributes = new Attributes();
    long start = 0;
    long time = 0;
    int scale = 0;
    long zeroCount = 0;
    Buckets positive = null;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == tag(1, LEN)) {
        int limit = enter();
        keyValue(attributes);
        leave(limit);
      } else if (tag == tag(2, WireFormat.WIRETYPE_FIXED64)) {
        start = in.readFixed64();
      } else if (tag == tag(3, WireFormat.WIRETYPE_FIXED64)) {
        time = in.readFixed64();
      } else if (tag == tag(6, WireFormat.WIRETYPE_VARINT)) {
        scale = in.readSInt32();
      } else if (tag == tag(7, WireFormat.WIRETYPE_FIXED64)) {
        zeroCount = in.readFixed64();
      } else if (tag == tag(8, LEN)) {
        if (positive != null) {
          throw new Unusual("a point's positive buckets twice");
        }
        positive = buckets();
      } else {
        skip(tag);
      }
    }
    return new StreamedHistogramPoint(
        attributes.pool, start, time, scale, zeroCount, positive == null ? Buckets.NONE : positive);
  }

  /**
   * Reads a {@code Buckets} message's offset and counts its buckets, packed or not, without keeping
   * them: where they lie in the body is kept instead, to be copied out once checked.
   */
  private Buckets buckets() throws IOException, Unusual {
    int length = in.readRawVarint32();
    int at = in.getTotalBytesRead();
    int limit = in.pushLimit(length);
    int offset = 0;
    int count = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == tag(1, WireFormat.WIRETYPE_VARINT)) {
        offset = in.readSInt32();
      } else if (tag == tag(2, WireFormat.WIRETYPE_VARINT)) {
        in.readUInt64();
        count++;
      } else if (tag == tag(2, LEN)) {
        int packed = in.pushLimit(in.readRawVarint32());
        while (in.getBytesUntilLimit() > 0) {
          in.readUInt64();
          count++;
        }
        in.popLimit(packed);
      } else {
        skip(tag);
      }
    }
    leave(limit);
    return new Buckets(body, at, length, offset, count);
  }

  /**
   * Reads one {@code KeyValue} into {@code attributes}: which of the keys the extractors read it
   * is, compared in place rather than decoded, and its value if that is a string and the key is one
   * of them. A key the extractors do not read (most of a resource's) costs no allocation at all.
   */
  private void keyValue(Attributes attributes) throws IOException, Unusual {
    int key = NO_KEY;
    String string = null;
    boolean value = false;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == tag(1, LEN)) {
        if (key != NO_KEY) {
          throw new Unusual("an attribute's key twice");
        }
        key = knownKey();
      } else if (tag == tag(2, LEN)) {
        if (value) {
          throw new Unusual("an attribute's value twice");
        }
        value = true;
        if (key == OTHER_KEY) {
          skip(tag);
          continue;
        }
        int limit = enter();
        string = anyValueString();
        leave(limit);
      } else {
        skip(tag);
      }
    }
    // A KeyValue without a key has the empty one, which no extractor reads.
    if (key >= 0) {
      attributes.offer(key, string);
    }
  }

  /**
   * Reads a key, returning its index in {@link #KEYS} or {@link #OTHER_KEY}. Its bytes are only
   * compared, so a key that is none of these is not checked to be UTF-8 (the generated parser would
   * refuse one that is not); each of these is ASCII, so one that matches is.
   */
  private int knownKey() throws IOException {
    int length = in.readRawVarint32();
    int at = body.position() + in.getTotalBytesRead();
    in.skipRawBytes(length);
    for (int k = 0; k < KEYS.length; k++) {
      if (KEYS[k].length == length && matches(at, KEYS[k])) {
        return k;
      }
    }
    return OTHER_KEY;
  }

  private boolean matches(int at, byte[] key) {
    for (int i = 0; i < key.length; i++) {
      if (body.get(at + i) != key[i]) {
        return false;
      }
    }
    return true;
  }

  /** The string an {@code AnyValue} holds, or null if it holds anything else. */
  private String anyValueString() throws IOException, Unusual {
    String string = null;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == tag(1, LEN)) {
        string = in.readStringRequireUtf8();
      } else {
        if (otherValueKind(tag)) {
          // Another of the value's kinds, given after the string, replaces it. A field in a wire
          // type not its own is an unknown field to the generated parser, and replaces nothing.
          string = null;
        }
        skip(tag);
      }
    }
    return string;
  }

  private static boolean otherValueKind(int tag) {
    return switch (WireFormat.getTagFieldNumber(tag)) {
      case 2, 3, 8 -> WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_VARINT;
      case 4 -> WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_FIXED64;
      case 5, 6, 7 -> WireFormat.getTagWireType(tag) == LEN;
      default -> false;
    };
  }

  /** Enters a length-delimited field; returns what {@link #leave} restores. */
  private int enter() throws IOException {
    return in.pushLimit(in.readRawVarint32());
  }

  /** Leaves a field entered with {@link #enter}, which must have been read to its end. */
  private void leave(int limit) throws IOException {
    in.checkLastTagWas(0);
    in.popLimit(limit);
  }

  /**
   * Skips a field the extractors do not read. Groups, which OTLP never uses, are left to the
   * generated parser: it bounds how deeply they nest, and skipping them here would recurse once per
   * level, a stack overflow for a body of nothing but group tags.
   */
  private void skip(int tag) throws IOException, Unusual {
    int wireType = WireFormat.getTagWireType(tag);
    if (wireType == WireFormat.WIRETYPE_START_GROUP || wireType == WireFormat.WIRETYPE_END_GROUP) {
      throw new Unusual("a group");
    }
    in.skipField(tag);
  }

  private static byte[] utf8(String key) {
    return key.getBytes(StandardCharsets.UTF_8);
  }

  private static int tag(int field, int wireType) {
    return (field << 3) | wireType;
  }

  /** The attributes read so far of one resource or point: each the first non-empty string. */
  private static final class Attributes {
    String service;
    String instance;
    String distro;
    String pool;
    String state;

    void offer(int key, String value) {
      if (value == null || value.isEmpty()) {
        return;
      }
      switch (key) {
        case SERVICE_KEY -> service = service == null ? value : service;
        case INSTANCE_KEY -> instance = instance == null ? value : instance;
        case DISTRO_KEY -> distro = distro == null ? value : distro;
        case POOL_KEY -> pool = pool == null ? value : pool;
        case STATE_KEY -> state = state == null ? value : state;
        default -> throw new IllegalArgumentException("key " + key);
      }
    }
  }

  /**
   * Where a point's positive buckets lie in the body, their offset and how many there are.
   *
   * @param at the position of the {@code Buckets} message's first byte, from the body's start
   */
  private record Buckets(ByteBuffer body, int at, int length, int offset, int count) {
    static final Buckets NONE = new Buckets(null, 0, 0, 0, 0);

    void copyTo(long[] into) {
      if (count == 0) {
        return;
      }
      ByteBuffer slice = body.duplicate();
      slice.position(body.position() + at).limit(body.position() + at + length);
      CodedInputStream in = CodedInputStream.newInstance(slice);
      int k = 0;
      try {
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
          if (tag == tag(2, WireFormat.WIRETYPE_VARINT)) {
            into[k++] = in.readUInt64();
          } else if (tag == tag(2, LEN)) {
            int packed = in.pushLimit(in.readRawVarint32());
            while (in.getBytesUntilLimit() > 0) {
              into[k++] = in.readUInt64();
            }
            in.popLimit(packed);
          } else {
            in.skipField(tag);
          }
        }
      } catch (IOException e) {
        // Read once already, in full, when they were counted.
        throw new UncheckedIOException(e);
      }
    }
  }

  /** A point read from the body, its buckets still there. */
  private record StreamedHistogramPoint(
      String pool,
      long startTimeUnixNano,
      long timeUnixNano,
      int scale,
      long zeroCount,
      Buckets positive)
      implements HistogramPointData {

    @Override
    public int offset() {
      return positive.offset();
    }

    @Override
    public int bucketCount() {
      return positive.count();
    }

    @Override
    public void copyBuckets(long[] into) {
      positive.copyTo(into);
    }
  }
}
