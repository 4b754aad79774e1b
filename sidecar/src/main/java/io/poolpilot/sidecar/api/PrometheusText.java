package io.poolpilot.sidecar.api;

import io.poolpilot.protocol.control.PoolSizes;
import io.poolpilot.sidecar.forward.ForwardStats;
import io.poolpilot.sidecar.model.InstanceKey;
import io.poolpilot.sidecar.model.PoolSnapshot;
import io.poolpilot.sidecar.model.TraceBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Renders the pools in the Prometheus text exposition format (version 0.0.4): one family per
 * reading, labelled {@code service_name}, {@code service_instance_id} and {@code pool}. A reading
 * nobody has reported is left out rather than written as 0. Counters are the totals the agent
 * exports, so they restart with the process, which a new {@code service_instance_id} label shows.
 *
 * <p>The labels are not called {@code service} and {@code instance}: Prometheus sets {@code
 * instance} on every scraped series itself, and Kubernetes scrape configurations commonly set
 * {@code service}, so an exposed label of either name would be renamed {@code exported_instance} or
 * {@code exported_service} on ingestion and a query filtering on it would silently match nothing.
 * The new names follow the OpenTelemetry resource attributes they come from ({@code service.name},
 * {@code service.instance.id}), as Prometheus's own OTLP translation spells them.
 */
final class PrometheusText {

  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  /** The label carrying {@code service.name}. */
  static final String SERVICE_LABEL = "service_name";

  /** The label carrying {@code service.instance.id}. */
  static final String INSTANCE_LABEL = "service_instance_id";

  private record Family(String name, String type, String help, Function<PoolView, Number> value) {}

  private static final List<Family> FAMILIES =
      List.of(
          gauge("poolpilot_pool_core_threads", "Core size of the pool.", v -> whole(v.core())),
          gauge("poolpilot_pool_max_threads", "Maximum size of the pool.", v -> whole(v.max())),
          gauge(
              "poolpilot_pool_active_threads",
              "Threads running a task.",
              v -> whole(v, PoolSnapshot::active)),
          gauge(
              "poolpilot_pool_idle_threads",
              "Threads waiting for a task.",
              v -> whole(v, PoolSnapshot::idle)),
          gauge(
              "poolpilot_pool_queued_tasks", "Tasks waiting.", v -> whole(v, PoolSnapshot::queued)),
          gauge(
              "poolpilot_pool_queue_capacity_tasks",
              "Capacity of a bounded queue.",
              v -> whole(v, PoolSnapshot::queueCapacity)),
          gauge(
              "poolpilot_pool_queue_oldest_age_seconds",
              "Age of the oldest waiting task.",
              v -> decimal(v, PoolSnapshot::oldestAgeSeconds)),
          gauge(
              "poolpilot_pool_completed_tasks_per_second",
              "Tasks completed per second in the latest export interval (arrival rate proxy).",
              v -> decimal(v, PoolSnapshot::completedRate)),
          gauge(
              "poolpilot_pool_rejected_tasks_per_second",
              "Tasks rejected per second in the latest export interval.",
              v -> decimal(v, PoolSnapshot::rejectedRate)),
          gauge(
              "poolpilot_pool_utilization_ratio",
              "Active threads over the maximum size.",
              v -> decimal(v, PoolSnapshot::utilization)),
          gauge(
              "poolpilot_pool_queue_wait_p50_seconds",
              "Median queue wait of the tasks started in the latest export interval.",
              v -> decimal(v, s -> s.queueWait().p50Seconds())),
          gauge(
              "poolpilot_pool_queue_wait_p99_seconds",
              "99th percentile queue wait of the tasks started in the latest export interval.",
              v -> decimal(v, s -> s.queueWait().p99Seconds())),
          new Family(
              "poolpilot_pool_completed_tasks_total",
              "counter",
              "Tasks completed since the process started.",
              v -> whole(v, PoolSnapshot::completed)),
          new Family(
              "poolpilot_pool_rejected_tasks_total",
              "counter",
              "Tasks rejected since the process started.",
              v -> whole(v, PoolSnapshot::rejected)),
          gauge(
              "poolpilot_pool_desired_core_threads",
              "Core size the sidecar wants; absent when the pool keeps its application's.",
              v -> v.desired().map(PoolSizes::core).orElse(null)),
          gauge(
              "poolpilot_pool_desired_max_threads",
              "Maximum size the sidecar wants; absent when the pool keeps its application's.",
              v -> v.desired().map(PoolSizes::max).orElse(null)),
          gauge(
              "poolpilot_pool_pinned",
              "1 when the pool's sizes are pinned through the API, else 0.",
              v -> v.pin().isPresent() ? 1 : 0));

  private PrometheusText() {}

  static String render(List<PoolView> pools, List<InstanceView> instances) {
    StringBuilder out = new StringBuilder();
    Map<String, int[]> perService = new TreeMap<>();
    instances.forEach(i -> perService.computeIfAbsent(i.key().service(), s -> new int[1])[0]++);
    out.append("# HELP poolpilot_instances Processes reporting to the sidecar.\n")
        .append("# TYPE poolpilot_instances gauge\n");
    perService.forEach(
        (service, count) ->
            out.append("poolpilot_instances{" + SERVICE_LABEL + "=\"")
                .append(escape(service))
                .append("\"} ")
                .append(count[0])
                .append('\n'));
    for (Family family : FAMILIES) {
      out.append("# HELP ").append(family.name()).append(' ').append(family.help()).append('\n');
      out.append("# TYPE ").append(family.name()).append(' ').append(family.type()).append('\n');
      for (PoolView pool : pools) {
        Number value = family.value().apply(pool);
        if (value == null) {
          continue;
        }
        out.append(family.name())
            .append('{')
            .append(SERVICE_LABEL)
            .append("=\"")
            .append(escape(pool.key().service()))
            .append("\",")
            .append(INSTANCE_LABEL)
            .append("=\"")
            .append(escape(pool.key().instance()))
            .append("\",pool=\"")
            .append(escape(pool.key().pool()))
            .append("\"} ")
            .append(format(value))
            .append('\n');
      }
    }
    return out.toString();
  }

  /**
   * The sidecar's own families: the trace buffer's fill, and, when an upstream is configured, the
   * forwarder's counts (docs/forwarding.md).
   */
  static String renderTelemetry(TraceBuffer.Stats traces, Optional<ForwardStats> forwarding) {
    StringBuilder out = new StringBuilder();
    single(
        out,
        "poolpilot_trace_buffer_spans",
        "gauge",
        "Spans held for the trace view.",
        traces.spans());
    single(
        out,
        "poolpilot_trace_buffer_bytes",
        "gauge",
        "Heap the held spans take: their encoded bytes and a fixed cost each.",
        traces.bytes());
    single(
        out,
        "poolpilot_trace_buffer_evicted_spans_total",
        "counter",
        "Spans let go, oldest first, to stay within the buffer's bounds.",
        traces.evicted());
    single(
        out,
        "poolpilot_trace_buffer_not_kept_spans_total",
        "counter",
        "Spans over traces.per-second, not kept for the trace view (still counted and forwarded).",
        traces.notKept());
    if (forwarding.isPresent()) {
      ForwardStats stats = forwarding.get();
      single(
          out,
          "poolpilot_upstream_forwarded_payloads_total",
          "counter",
          "OTLP request bodies the upstream accepted.",
          stats.forwarded());
      single(
          out,
          "poolpilot_upstream_dropped_payloads_total",
          "counter",
          "OTLP request bodies dropped unsent because the forward buffer was full.",
          stats.dropped());
      single(
          out,
          "poolpilot_upstream_failed_payloads_total",
          "counter",
          "OTLP request bodies the upstream refused for good (4xx other than 429).",
          stats.failed());
      single(
          out,
          "poolpilot_upstream_retries_total",
          "counter",
          "Forwarding attempts that failed and were tried again.",
          stats.retries());
      single(
          out,
          "poolpilot_upstream_buffered_payloads",
          "gauge",
          "OTLP request bodies waiting to be forwarded.",
          stats.bufferedPayloads());
      single(
          out,
          "poolpilot_upstream_buffered_bytes",
          "gauge",
          "Bytes waiting to be forwarded.",
          stats.bufferedBytes());
    }
    return out.toString();
  }

  /**
   * {@code poolpilot_capacity_desired_ratio}, one series per instance: the demand ratio of
   * docs/capacity.md. Shaped for a Kubernetes HPA Pods metric (through a Prometheus adapter) or a
   * KEDA Prometheus trigger with a target of 1, so that the autoscaler's own {@code ceil(replicas ×
   * mean ratio)} is the sidecar's formula and the platform stays the only writer of replicas.
   */
  static String renderCapacity(Map<InstanceKey, Double> ratios) {
    StringBuilder out = new StringBuilder();
    out.append("# HELP poolpilot_capacity_desired_ratio")
        .append(" Work arriving over the work this instance can do within its objective;")
        .append(" replicas wanted = ceil(replicas x mean ratio).\n")
        .append("# TYPE poolpilot_capacity_desired_ratio gauge\n");
    new TreeMap<>(
            ratios.entrySet().stream()
                .collect(
                    java.util.stream.Collectors.toMap(
                        e -> e.getKey().service() + "\u0000" + e.getKey().instance(), e -> e)))
        .values()
        .forEach(
            entry ->
                out.append("poolpilot_capacity_desired_ratio{")
                    .append(SERVICE_LABEL)
                    .append("=\"")
                    .append(escape(entry.getKey().service()))
                    .append("\",")
                    .append(INSTANCE_LABEL)
                    .append("=\"")
                    .append(escape(entry.getKey().instance()))
                    .append("\"} ")
                    .append(format(entry.getValue()))
                    .append('\n'));
    return out.toString();
  }

  private static void single(StringBuilder out, String name, String type, String help, long value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    out.append(name).append(' ').append(value).append('\n');
  }

  private static Family gauge(String name, String help, Function<PoolView, Number> value) {
    return new Family(name, "gauge", help, value);
  }

  private static Number whole(OptionalLong value) {
    return value.isPresent() ? value.getAsLong() : null;
  }

  private static Number whole(PoolView view, Function<PoolSnapshot, OptionalLong> reading) {
    return view.telemetry().map(reading).map(PrometheusText::whole).orElse(null);
  }

  private static Number decimal(PoolView view, Function<PoolSnapshot, OptionalDouble> reading) {
    Optional<OptionalDouble> value = view.telemetry().map(reading);
    return value.isPresent() && value.get().isPresent() ? value.get().getAsDouble() : null;
  }

  private static String format(Number value) {
    if (value instanceof Double d) {
      return Double.isFinite(d) ? String.format(Locale.ROOT, "%s", d) : d > 0 ? "+Inf" : "NaN";
    }
    return value.toString();
  }

  /** Label values escape backslash, double quote and line feed, as the format requires. */
  static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
