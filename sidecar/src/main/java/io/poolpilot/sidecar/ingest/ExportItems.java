package io.poolpilot.sidecar.ingest;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The levels of each OTLP export down to the items a partial success counts (spans, data points,
 * log records), used to refuse the items an OTLP/JSON body misnamed a key in ({@link
 * OtlpJsonFieldNames}) and keep the others.
 *
 * <p>A misnamed key refuses the innermost level it sits in: a {@code trace_id} in a span, or in
 * anything inside it such as an event, refuses that span; a {@code data_points} in a metric's
 * {@code gauge} refuses every point of that metric; a key in a resource's attributes or in a scope
 * refuses everything under that resource or scope, because every item there would be read with the
 * wrong service, instance or scope; a misnamed key at the top refuses the whole export. The body
 * still decoded (the proto3 JSON parser takes both names), so the refused items can be counted on
 * the decoded message, and left out of what the model is given.
 */
enum ExportItems {
  TRACES(
      Level.of(ExportTraceServiceRequest.getDescriptor(), "resource_spans"),
      Level.of(ResourceSpans.getDescriptor(), "scope_spans"),
      Level.of(ScopeSpans.getDescriptor(), "spans")),
  METRICS(
      Level.of(ExportMetricsServiceRequest.getDescriptor(), "resource_metrics"),
      Level.of(ResourceMetrics.getDescriptor(), "scope_metrics"),
      Level.of(ScopeMetrics.getDescriptor(), "metrics"),
      Level.through(
          Metric.getDescriptor().findFieldByName("gauge").getContainingOneof(), "data_points")),
  LOGS(
      Level.of(ExportLogsServiceRequest.getDescriptor(), "resource_logs"),
      Level.of(ResourceLogs.getDescriptor(), "scope_logs"),
      Level.of(ScopeLogs.getDescriptor(), "log_records"));

  private final List<Level> levels;

  ExportItems(Level... levels) {
    this.levels = List.of(levels);
  }

  /**
   * The export with the items refused for {@code misnamed} keys left out, how many they were, and
   * why: the first key's {@link MisnamedKey#reason}.
   */
  <T extends Message> Screened<T> screen(T export, List<MisnamedKey> misnamed) {
    if (misnamed.isEmpty()) {
      return new Screened<>(export, 0, null);
    }
    Node refused = new Node();
    for (MisnamedKey key : misnamed) {
      refused.add(address(key.where()));
    }
    long[] count = {0};
    @SuppressWarnings("unchecked")
    T kept = (T) screen(export, 0, refused, count);
    return new Screened<>(kept, count[0], misnamed.get(0).reason());
  }

  /**
   * The export, left with {@code refused}'s items out of it.
   *
   * @param kept an export with its refused items left out
   * @param refused how many items were
   * @param reason why the first was; null when none was
   */
  record Screened<T extends Message>(T kept, long refused, String reason) {}

  /**
   * Which item holds {@code where}, as the index at each level from the top (resource, scope,
   * [metric,] item) as deep as the path follows the levels: {@code [1, 0, 2]} is the third span of
   * the first scope of the second resource, {@code [1]} the whole second resource, {@code []} the
   * whole export.
   */
  int[] address(JsonPath where) {
    List<JsonPath> steps = where.steps();
    int[] indices = new int[levels.size()];
    int depth = 0;
    int next = 0;
    for (Level level : levels) {
      int at = next;
      if (level.through != null) {
        if (at >= steps.size() || !level.isThrough(steps.get(at))) {
          break;
        }
        at++;
      }
      if (at >= steps.size() || !level.isElement(steps.get(at))) {
        break;
      }
      indices[depth++] = steps.get(at).index();
      next = at + 1;
    }
    return Arrays.copyOf(indices, depth);
  }

  private Message screen(Message message, int depth, Node refused, long[] count) {
    Level level = levels.get(depth);
    if (refused.all) {
      count[0] += count(message, depth);
      return level.with(message, List.of());
    }
    List<Message> kept = new ArrayList<>();
    List<Message> children = level.of(message);
    for (int i = 0; i < children.size(); i++) {
      Node child = refused.children.get(i);
      if (child == null) {
        kept.add(children.get(i));
      } else if (child.all) {
        count[0] += count(children.get(i), depth + 1);
      } else {
        kept.add(screen(children.get(i), depth + 1, child, count));
      }
    }
    return level.with(message, kept);
  }

  private long count(Message message, int depth) {
    if (depth == levels.size()) {
      return 1;
    }
    long items = 0;
    for (Message child : levels.get(depth).of(message)) {
      items += count(child, depth + 1);
    }
    return items;
  }

  /**
   * One level: a repeated message field, either of the level above's message itself or, for a
   * metric's points, of whichever member of its {@code data} oneof ({@code gauge}, {@code sum},
   * ...) is set.
   *
   * @param field the field, when it is the message's own
   * @param through the oneof the field is reached through, else null
   * @param name the field's protobuf name
   * @param jsonName the field's name in OTLP/JSON
   */
  private record Level(
      FieldDescriptor field, OneofDescriptor through, String name, String jsonName) {

    static Level of(Descriptor type, String name) {
      FieldDescriptor field = Objects.requireNonNull(type.findFieldByName(name), name);
      return new Level(field, null, name, field.getJsonName());
    }

    /** A field of the same name in every member of {@code oneof}. */
    static Level through(OneofDescriptor oneof, String name) {
      FieldDescriptor first = oneof.getField(0).getMessageType().findFieldByName(name);
      return new Level(null, oneof, name, Objects.requireNonNull(first, name).getJsonName());
    }

    /** Whether {@code step} is one of the oneof's members, as JSON names it. */
    boolean isThrough(JsonPath step) {
      return step.index() < 0
          && through.getFields().stream().anyMatch(f -> f.getJsonName().equals(step.field()));
    }

    /** Whether {@code step} is an element of this level's array, as JSON names it. */
    boolean isElement(JsonPath step) {
      return step.index() >= 0 && step.field().equals(jsonName);
    }

    @SuppressWarnings("unchecked")
    List<Message> of(Message message) {
      Message holder = holder(message);
      return holder == null ? List.of() : (List<Message>) holder.getField(fieldOf(holder));
    }

    Message with(Message message, List<Message> children) {
      Message holder = holder(message);
      if (holder == null) {
        return message;
      }
      Message changed = holder.toBuilder().setField(fieldOf(holder), children).build();
      return holder == message
          ? changed
          : message.toBuilder().setField(message.getOneofFieldDescriptor(through), changed).build();
    }

    /** The message holding the field; null for a metric with no data set. */
    private Message holder(Message message) {
      if (through == null) {
        return message;
      }
      FieldDescriptor set = message.getOneofFieldDescriptor(through);
      return set == null ? null : (Message) message.getField(set);
    }

    private FieldDescriptor fieldOf(Message holder) {
      return field != null ? field : holder.getDescriptorForType().findFieldByName(name);
    }
  }

  /**
   * The refused items as a tree of indices: a node is either refused whole ({@code all}) or holds
   * the children some of whose items are.
   */
  private static final class Node {
    private boolean all;
    private final Map<Integer, Node> children = new HashMap<>();

    void add(int[] address) {
      Node node = this;
      for (int index : address) {
        if (node.all) {
          return;
        }
        node = node.children.computeIfAbsent(index, i -> new Node());
      }
      node.all = true;
      node.children.clear();
    }
  }
}
