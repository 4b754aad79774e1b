package io.poolpilot.benchmarks.http;

import java.util.ArrayList;
import java.util.List;

/**
 * One way of running an {@link AppUnderTest}: a name and the JVM options that make it. Every
 * variant has the same heap, collector and {@code -Dsun.net.httpserver.nodelay=true}; only the
 * agent differs.
 */
record Variant(String name, List<String> jvmArgs) {
  static final String NONE = "none";
  static final String POOLPILOT = "poolpilot";
  static final String OTEL = "otel";

  /**
   * Variants for finding where an agent's cost goes; not run unless named in {@code
   * bench.variants}.
   */
  static final String POOLPILOT_UNSAMPLED = "poolpilot-unsampled";

  static final String OTEL_NO_EXPORT = "otel-noexport";

  /** No agent: the service itself records what the issue asks for with the OTel SDK, sends none. */
  static final String SDK_FLOOR = "sdk-floor";

  static final List<String> DEFAULT = List.of(NONE, POOLPILOT, OTEL, SDK_FLOOR);

  /** No agent and the two agents: for an application without {@link SdkTelemetryFloor}. */
  static final List<String> AGENTS = List.of(NONE, POOLPILOT, OTEL);

  static final List<String> NAMES =
      List.of(NONE, POOLPILOT, POOLPILOT_UNSAMPLED, OTEL, OTEL_NO_EXPORT, SDK_FLOOR);

  /**
   * The JVM options common to all: a fixed heap, made resident at start, so resident memory
   * compares what lies outside it (classes, compiled code, threads, buffers) rather than how much
   * of the heap each service happened to have touched when it was read (38 MiB apart between two
   * runs of the same agent); the serial collector, which the JVM picks anyway on the one cpu the
   * services are pinned to, named so that unpinned start-up runs use it too; Native Memory Tracking
   * (summary), so that the JVM's own committed memory can be read beside resident memory ({@link
   * NativeMemory}); it costs every variant alike a few bytes per allocation.
   */
  static final List<String> COMMON =
      List.of(
          "-Xms256m",
          "-Xmx256m",
          "-XX:+AlwaysPreTouch",
          "-XX:+UseSerialGC",
          "-XX:NativeMemoryTracking=summary",
          "-Dsun.net.httpserver.nodelay=true");

  Variant {
    jvmArgs = List.copyOf(jvmArgs);
  }

  /**
   * No agent; PoolPilot with its defaults (metrics every second, spans batched every second),
   * exporting to {@code <sink>/poolpilot}; and, if configured, the OpenTelemetry Java agent with
   * its defaults (metrics every 60 s, spans batched every 5 s) exporting traces and metrics over
   * OTLP/HTTP to {@code <sink>/otel}, logs off (the service logs nothing; PoolPilot exports no
   * logs).
   */
  static List<Variant> all(BenchmarkSettings settings, int sinkPort, String serviceName) {
    List<Variant> variants = new ArrayList<>();
    for (String name : settings.plan().variants()) {
      if (name.startsWith(OTEL) && settings.otelAgent() == null) {
        System.out.println("no OpenTelemetry agent given: variant " + name + " left out");
      } else {
        variants.add(named(name, settings, "http://127.0.0.1:" + sinkPort, serviceName));
      }
    }
    return variants;
  }

  /**
   * {@value #POOLPILOT_UNSAMPLED} is PoolPilot recording no spans ({@code otel.traces.sampler} set
   * to {@code always_off}; pool and request metrics as usual), {@value #OTEL_NO_EXPORT} the
   * OpenTelemetry agent with every exporter off (its cost without export, as in {@code
   * benchmarking.md}), {@value #SDK_FLOOR} no agent but {@link SdkTelemetryFloor} in the service:
   * the OpenTelemetry SDK's own cost for the spans and HTTP metrics both agents record.
   */
  private static Variant named(
      String name, BenchmarkSettings settings, String sink, String serviceName) {
    String poolpilot =
        "-javaagent:"
            + settings.agent()
            + "=endpoint="
            + sink
            + "/poolpilot,service.name="
            + serviceName;
    List<String> otel =
        List.of(
            "-javaagent:" + settings.otelAgent(),
            "-Dotel.service.name=" + serviceName,
            "-Dotel.exporter.otlp.protocol=http/protobuf",
            "-Dotel.exporter.otlp.endpoint=" + sink + "/otel",
            "-Dotel.logs.exporter=none");
    return switch (name) {
      case NONE -> new Variant(NONE, COMMON);
      case POOLPILOT -> new Variant(name, with(List.of(poolpilot)));
      case POOLPILOT_UNSAMPLED ->
          new Variant(name, with(List.of(poolpilot, "-Dotel.traces.sampler=always_off")));
      case OTEL ->
          new Variant(
              name, with(otel, "-Dotel.traces.exporter=otlp", "-Dotel.metrics.exporter=otlp"));
      case OTEL_NO_EXPORT ->
          new Variant(
              name, with(otel, "-Dotel.traces.exporter=none", "-Dotel.metrics.exporter=none"));
      case SDK_FLOOR -> new Variant(name, with(List.of(), "-D" + OrderService.SDK_FLOOR + "=true"));
      default -> throw new IllegalArgumentException("unknown variant '" + name + "'");
    };
  }

  private static List<String> with(List<String> agent, String... more) {
    List<String> args = new ArrayList<>(COMMON);
    args.addAll(agent);
    args.addAll(List.of(more));
    return args;
  }
}
