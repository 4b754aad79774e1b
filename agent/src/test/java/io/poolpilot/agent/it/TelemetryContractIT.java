package io.poolpilot.agent.it;

import static io.poolpilot.protocol.TelemetryNames.QUEUE_CAPACITY;
import static io.poolpilot.protocol.TelemetryNames.QUEUE_OLDEST_AGE;
import static io.poolpilot.protocol.TelemetryNames.QUEUE_SIZE;
import static io.poolpilot.protocol.TelemetryNames.TASK_COMPLETED;
import static io.poolpilot.protocol.TelemetryNames.TASK_DURATION;
import static io.poolpilot.protocol.TelemetryNames.TASK_REJECTED;
import static io.poolpilot.protocol.TelemetryNames.TASK_WAIT;
import static io.poolpilot.protocol.TelemetryNames.THREAD_CORE;
import static io.poolpilot.protocol.TelemetryNames.THREAD_COUNT;
import static io.poolpilot.protocol.TelemetryNames.THREAD_LIMIT;
import static io.poolpilot.protocol.TelemetryNames.THREAD_STATE;
import static io.poolpilot.testsupport.ReceivedMetrics.POOL;
import static io.poolpilot.testsupport.ReceivedMetrics.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.Metric.DataCase;
import io.poolpilot.protocol.TelemetryNames;
import io.poolpilot.testsupport.FailsafeProperties;
import io.poolpilot.testsupport.ReceivedMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks what the exported metrics look like, whatever their values: the names, instruments and
 * units of {@code docs/design.md}, the attributes on every data point, the resource, and that the
 * agent's own pools stay out of sight.
 *
 * <p>Every name is spelled out here on purpose, not taken from the protocol module's {@code
 * TelemetryNames}, which the agent and the sidecar share: this test pins the wire contract, so a
 * renamed constant fails it instead of changing both sides silently.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TelemetryContractIT {
  private static final Set<String> APP_POOLS =
      Set.of(
          ThreadPoolMetricsIT.ORDERS,
          ThreadPoolMetricsIT.DEFAULTS,
          ThreadPoolMetricsIT.LANE,
          ThreadPoolMetricsIT.BOUNDED,
          ThreadPoolMetricsIT.TICKER,
          ThreadPoolMetricsIT.EARLY);

  /** Every thread-pool metric docs/telemetry.md promises, as the protocol module names them. */
  private static final List<String> POOL_METRICS =
      Stream.of(
              THREAD_COUNT,
              THREAD_CORE,
              THREAD_LIMIT,
              QUEUE_SIZE,
              QUEUE_CAPACITY,
              QUEUE_OLDEST_AGE,
              TASK_COMPLETED,
              TASK_REJECTED,
              TASK_WAIT,
              TASK_DURATION)
          .map(TelemetryNames.Metric::name)
          .toList();

  /** Parts of the names the agent's own pools (OTel SDK, JDK HttpClient) would be given. */
  private static final List<String> AGENT_MARKERS =
      List.of(
          "poolpilot",
          "opentelemetry",
          "otel",
          "httpclient",
          "periodicmetricreader",
          "batchspanprocessor",
          "jdkhttp",
          "shaded");

  private enum Kind {
    GAUGE,
    UP_DOWN_SUM,
    COUNTER,
    EXPONENTIAL_HISTOGRAM
  }

  private PoolsAppUnderAgent run;

  @BeforeAll
  void startApplication(@TempDir Path dir) throws IOException {
    run = PoolsAppUnderAgent.start(dir);
  }

  @AfterAll
  void stopApplication() {
    if (run != null) {
      run.close();
    }
  }

  @Test
  void reportsEveryPoolMetricWithItsInstrumentKindAndUnit() {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              ReceivedMetrics metrics = run.receiver.metrics();
              for (String name : POOL_METRICS) {
                assertThat(metrics.latest(name)).as(name).isPresent();
              }
            });
    ReceivedMetrics metrics = run.receiver.metrics();
    assertShape(metrics.latest(THREAD_COUNT.name()).orElseThrow(), Kind.UP_DOWN_SUM, "{thread}");
    assertShape(metrics.latest(THREAD_CORE.name()).orElseThrow(), Kind.GAUGE, "{thread}");
    assertShape(metrics.latest(THREAD_LIMIT.name()).orElseThrow(), Kind.GAUGE, "{thread}");
    assertShape(metrics.latest(QUEUE_SIZE.name()).orElseThrow(), Kind.GAUGE, "{task}");
    assertShape(metrics.latest(QUEUE_CAPACITY.name()).orElseThrow(), Kind.GAUGE, "{task}");
    assertShape(metrics.latest(QUEUE_OLDEST_AGE.name()).orElseThrow(), Kind.GAUGE, "s");
    assertShape(metrics.latest(TASK_COMPLETED.name()).orElseThrow(), Kind.COUNTER, "{task}");
    assertShape(metrics.latest(TASK_REJECTED.name()).orElseThrow(), Kind.COUNTER, "{task}");
    assertShape(metrics.latest(TASK_WAIT.name()).orElseThrow(), Kind.EXPONENTIAL_HISTOGRAM, "s");
    assertShape(
        metrics.latest(TASK_DURATION.name()).orElseThrow(), Kind.EXPONENTIAL_HISTOGRAM, "s");
  }

  @Test
  void reportsTheProcessCpuAndGcTimeTheTunerNeeds() {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              ReceivedMetrics metrics = run.receiver.metrics();
              assertThat(metrics.latest("jvm.cpu.time")).isPresent();
              assertThat(metrics.latest("jvm.cpu.recent_utilization")).isPresent();
              assertThat(metrics.latest("jvm.cpu.count")).isPresent();
              assertThat(metrics.latest("poolpilot.jvm.gc.time")).isPresent();
            });
    ReceivedMetrics metrics = run.receiver.metrics();
    Metric cpuTime = metrics.latest("jvm.cpu.time").orElseThrow();
    assertShape(cpuTime, Kind.COUNTER, "s");
    assertThat(cpuTime.getSum().getDataPoints(0).getAsDouble()).isPositive();
    assertShape(metrics.latest("jvm.cpu.recent_utilization").orElseThrow(), Kind.GAUGE, "1");
    assertShape(metrics.latest("jvm.system.cpu.utilization").orElseThrow(), Kind.GAUGE, "1");
    Metric cpus = metrics.latest("jvm.cpu.count").orElseThrow();
    assertShape(cpus, Kind.UP_DOWN_SUM, "{cpu}");
    assertThat(cpus.getSum().getDataPoints(0).getAsInt()).isEqualTo(PoolsAppUnderAgent.CPUS);
    Metric gc = metrics.latest("poolpilot.jvm.gc.time").orElseThrow();
    assertShape(gc, Kind.COUNTER, "s");
    for (List<KeyValue> attributes : ReceivedMetrics.pointAttributes(gc)) {
      assertThat(ReceivedMetrics.text(attributes, "jvm.gc.name")).isNotBlank();
    }
  }

  @Test
  void labelsEveryDataPointWithItsPool() {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> run.receiver.metrics().poolNames().containsAll(APP_POOLS));
    for (Metric metric : run.receiver.metrics().all()) {
      if (!metric.getName().startsWith("jvm.executor.")) {
        continue;
      }
      for (List<KeyValue> attributes : ReceivedMetrics.pointAttributes(metric)) {
        assertThat(ReceivedMetrics.text(attributes, POOL))
            .as(metric.getName() + " " + attributes)
            .isNotBlank();
        if (metric.getName().equals(THREAD_COUNT.name())) {
          assertThat(ReceivedMetrics.text(attributes, THREAD_STATE))
              .as(metric.getName() + " " + attributes)
              .isIn("active", "idle");
        }
      }
    }
  }

  @Test
  void describesTheServiceInTheResource() throws IOException {
    run.receiver.awaitFirstMetricExport(Duration.ofSeconds(30));
    Map<String, AnyValue> resource = run.receiver.metrics().latestResource();

    assertThat(resource)
        .as(resource.toString())
        .containsKeys(
            "service.name",
            "service.instance.id",
            "process.pid",
            "host.name",
            "telemetry.distro.name",
            "telemetry.distro.version");
    assertThat(text(resource.get("service.name"))).isEqualTo(PoolsAppUnderAgent.SERVICE_NAME);
    assertThat(text(resource.get("service.instance.id"))).isNotBlank();
    assertThat(resource.get("process.pid").getIntValue()).isEqualTo(run.app.pid());
    assertThat(text(resource.get("host.name"))).isNotBlank();
    assertThat(text(resource.get("telemetry.distro.name"))).isEqualTo("poolpilot");
    assertThat(text(resource.get("telemetry.distro.version"))).isEqualTo(agentVersion());
    // The processor count is the metric jvm.cpu.count, which the sidecar reads; the resource
    // attribute that once repeated it was read by nothing and is gone.
    assertThat(resource).doesNotContainKey("poolpilot.jvm.cpu.count");
  }

  @Test
  void neverReportsTheAgentsOwnPools() {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                run.receiver.metrics().requestCount() >= 5
                    && run.receiver.metrics().poolNames().containsAll(APP_POOLS));
    Set<String> names = run.receiver.metrics().poolNames();
    assertThat(names.stream().filter(name -> !APP_POOLS.contains(name)))
        .as("pool names reported: " + names)
        .noneMatch(
            name ->
                AGENT_MARKERS.stream()
                    .anyMatch(marker -> name.toLowerCase(Locale.ROOT).contains(marker)));
  }

  private static void assertShape(Metric metric, Kind kind, String unit) {
    String name = metric.getName();
    assertThat(metric.getUnit()).as(name + " unit").isEqualTo(unit);
    assertThat(metric.getDescription()).as(name + " description").isNotBlank();
    switch (kind) {
      case GAUGE -> assertThat(metric.getDataCase()).as(name).isEqualTo(DataCase.GAUGE);
      case UP_DOWN_SUM, COUNTER -> {
        assertThat(metric.getDataCase()).as(name).isEqualTo(DataCase.SUM);
        assertThat(metric.getSum().getIsMonotonic())
            .as(name + " monotonic")
            .isEqualTo(kind == Kind.COUNTER);
        assertThat(metric.getSum().getAggregationTemporality())
            .as(name + " temporality")
            .isEqualTo(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
      }
      case EXPONENTIAL_HISTOGRAM -> {
        assertThat(metric.getDataCase()).as(name).isEqualTo(DataCase.EXPONENTIAL_HISTOGRAM);
        assertThat(metric.getExponentialHistogram().getAggregationTemporality())
            .as(name + " temporality")
            .isEqualTo(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
        assertThat(metric.getExponentialHistogram().getDataPointsList())
            .extracting(ExponentialHistogramDataPoint::getScale)
            .as(name + " scale")
            .containsOnly(3);
      }
    }
  }

  private static String agentVersion() throws IOException {
    try (JarFile jar = new JarFile(FailsafeProperties.agentJar().toFile())) {
      return jar.getManifest().getMainAttributes().getValue("Implementation-Version");
    }
  }
}
