package io.poolpilot.agent.telemetry;

import static io.poolpilot.protocol.TelemetryNames.EXECUTOR_NAME;
import static io.poolpilot.protocol.TelemetryNames.EXECUTOR_OWNER_NAME;
import static io.poolpilot.protocol.TelemetryNames.EXECUTOR_PREFIX;
import static io.poolpilot.protocol.TelemetryNames.EXECUTOR_TYPE;
import static io.poolpilot.protocol.TelemetryNames.QUEUE_CAPACITY;
import static io.poolpilot.protocol.TelemetryNames.QUEUE_OLDEST_AGE;
import static io.poolpilot.protocol.TelemetryNames.QUEUE_SIZE;
import static io.poolpilot.protocol.TelemetryNames.REQUEST_FAILED;
import static io.poolpilot.protocol.TelemetryNames.SCOPE;
import static io.poolpilot.protocol.TelemetryNames.SERVICE_NAME;
import static io.poolpilot.protocol.TelemetryNames.STATE_ACTIVE;
import static io.poolpilot.protocol.TelemetryNames.STATE_IDLE;
import static io.poolpilot.protocol.TelemetryNames.TASK_COMPLETED;
import static io.poolpilot.protocol.TelemetryNames.TASK_DURATION;
import static io.poolpilot.protocol.TelemetryNames.TASK_REJECTED;
import static io.poolpilot.protocol.TelemetryNames.TASK_WAIT;
import static io.poolpilot.protocol.TelemetryNames.THREAD_CORE;
import static io.poolpilot.protocol.TelemetryNames.THREAD_COUNT;
import static io.poolpilot.protocol.TelemetryNames.THREAD_LIMIT;
import static io.poolpilot.protocol.TelemetryNames.THREAD_STATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.ExponentialHistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.poolpilot.agent.bootstrap.BootstrapTestAccess;
import io.poolpilot.agent.bootstrap.ConstructionSite;
import io.poolpilot.agent.bootstrap.PoolProbe;
import io.poolpilot.agent.bootstrap.PoolProbes;
import io.poolpilot.agent.bootstrap.WorkerTimings;
import io.poolpilot.agent.pool.PoolRegistry;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExecutorMetricProducerTest {
  private static final long MS = 1_000_000L;
  private static final long NOW_EPOCH_NANOS = 1_700_000_000_000_000_000L;
  private static final long MONOTONIC_NOW = 5_000_000_000_000L;
  private static final AttributeKey<String> NAME = AttributeKey.stringKey(EXECUTOR_NAME);
  private static final AttributeKey<String> STATE = AttributeKey.stringKey(THREAD_STATE);
  private static final AttributeKey<String> TYPE = AttributeKey.stringKey(EXECUTOR_TYPE);
  private static final AttributeKey<String> OWNER = AttributeKey.stringKey(EXECUTOR_OWNER_NAME);
  private static final String JDK_POOL = "java.util.concurrent.ThreadPoolExecutor";
  private static final Attributes ORDERS = Attributes.of(NAME, "orders-*", TYPE, JDK_POOL);
  private static final Attributes BILLING = Attributes.of(NAME, "billing-*", TYPE, JDK_POOL);

  private final PoolProbes probes = new PoolProbes();
  private final PoolRegistry registry = new PoolRegistry(probes);
  private final ExecutorMetricProducer producer =
      new ExecutorMetricProducer(
          registry, "1.2.3", () -> NOW_EPOCH_NANOS, () -> MONOTONIC_NOW, line -> {});
  private final Resource resource =
      Resource.create(Attributes.of(AttributeKey.stringKey(SERVICE_NAME), "shop"));
  private final CountDownLatch release = new CountDownLatch(1);

  /** Bounded queue, one worker busy, two tasks queued, one task completed. */
  private ThreadPoolExecutor orders;

  /** Unbounded queue, no worker started. */
  private ThreadPoolExecutor billing;

  private PoolProbe ordersProbe;
  private PoolProbe billingProbe;

  @BeforeEach
  void startPools() {
    orders = new ThreadPoolExecutor(1, 4, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(10));
    ordersProbe =
        BootstrapTestAccess.namedProbe(
            probes, orders, ConstructionSite.of("com.acme.Orders", "init", 10), "orders-1");
    orders.execute(() -> {});
    await().until(() -> orders.getCompletedTaskCount() == 1);
    orders.execute(
        () -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    await().until(() -> orders.getActiveCount() == 1 && orders.getQueue().isEmpty());
    orders.getQueue().add(BootstrapTestAccess.timedTask(() -> {}, MONOTONIC_NOW - 3_000 * MS));
    orders.getQueue().add(BootstrapTestAccess.timedTask(() -> {}, MONOTONIC_NOW - 1_000 * MS));

    billing = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
    billingProbe =
        BootstrapTestAccess.namedProbe(
            probes, billing, ConstructionSite.of("com.acme.Billing", "init", 20), "billing-1");
  }

  @AfterEach
  void stopPools() {
    release.countDown();
    orders.shutdownNow();
    billing.shutdownNow();
  }

  private Map<String, MetricData> produce() {
    Collection<MetricData> metrics = producer.produce(resource);
    return metrics.stream().collect(Collectors.toMap(MetricData::getName, Function.identity()));
  }

  private static <P extends PointData> P pointFor(Collection<P> points, Attributes attributes) {
    List<P> matching = points.stream().filter(p -> p.getAttributes().equals(attributes)).toList();
    assertThat(matching).as("points with %s", attributes).hasSize(1);
    return matching.get(0);
  }

  private static long longValue(MetricData metric, Attributes attributes) {
    Collection<LongPointData> points =
        metric.getType() == MetricDataType.LONG_SUM
            ? metric.getLongSumData().getPoints()
            : metric.getLongGaugeData().getPoints();
    return pointFor(points, attributes).getValue();
  }

  @Test
  void producesEveryExecutorMetricWithItsTypeAndUnit() {
    Map<String, MetricData> metrics = produce();

    assertThat(metrics)
        .containsOnlyKeys(
            THREAD_COUNT.name(),
            THREAD_CORE.name(),
            THREAD_LIMIT.name(),
            QUEUE_SIZE.name(),
            QUEUE_CAPACITY.name(),
            QUEUE_OLDEST_AGE.name(),
            TASK_COMPLETED.name(),
            TASK_REJECTED.name(),
            TASK_WAIT.name(),
            TASK_DURATION.name());
    assertTypeAndUnit(metrics, THREAD_COUNT.name(), MetricDataType.LONG_SUM, "{thread}");
    assertTypeAndUnit(metrics, THREAD_CORE.name(), MetricDataType.LONG_GAUGE, "{thread}");
    assertTypeAndUnit(metrics, THREAD_LIMIT.name(), MetricDataType.LONG_GAUGE, "{thread}");
    assertTypeAndUnit(metrics, QUEUE_SIZE.name(), MetricDataType.LONG_GAUGE, "{task}");
    assertTypeAndUnit(metrics, QUEUE_CAPACITY.name(), MetricDataType.LONG_GAUGE, "{task}");
    assertTypeAndUnit(metrics, QUEUE_OLDEST_AGE.name(), MetricDataType.DOUBLE_GAUGE, "s");
    assertTypeAndUnit(metrics, TASK_COMPLETED.name(), MetricDataType.LONG_SUM, "{task}");
    assertTypeAndUnit(metrics, TASK_REJECTED.name(), MetricDataType.LONG_SUM, "{task}");
    assertTypeAndUnit(metrics, TASK_WAIT.name(), MetricDataType.EXPONENTIAL_HISTOGRAM, "s");
    assertTypeAndUnit(metrics, TASK_DURATION.name(), MetricDataType.EXPONENTIAL_HISTOGRAM, "s");
    for (MetricData metric : metrics.values()) {
      assertThat(metric.getResource()).isSameAs(resource);
      assertThat(metric.getInstrumentationScopeInfo().getName()).isEqualTo(SCOPE);
      assertThat(metric.getInstrumentationScopeInfo().getVersion()).isEqualTo("1.2.3");
      assertThat(metric.getDescription()).isNotBlank();
    }
  }

  private static void assertTypeAndUnit(
      Map<String, MetricData> metrics, String name, MetricDataType type, String unit) {
    assertThat(metrics.get(name).getType()).as(name).isEqualTo(type);
    assertThat(metrics.get(name).getUnit()).as(name).isEqualTo(unit);
  }

  @Test
  void threadCountIsANonMonotonicCumulativeSumSplitByState() {
    MetricData threads = produce().get(THREAD_COUNT.name());

    assertThat(threads.getLongSumData().isMonotonic()).isFalse();
    assertThat(threads.getLongSumData().getAggregationTemporality())
        .isEqualTo(AggregationTemporality.CUMULATIVE);
    assertThat(longValue(threads, ORDERS.toBuilder().put(STATE, STATE_ACTIVE).build()))
        .isEqualTo(1);
    assertThat(longValue(threads, ORDERS.toBuilder().put(STATE, STATE_IDLE).build())).isZero();
    assertThat(longValue(threads, BILLING.toBuilder().put(STATE, STATE_ACTIVE).build())).isZero();
    assertThat(longValue(threads, BILLING.toBuilder().put(STATE, STATE_IDLE).build())).isZero();
    assertThat(threads.getLongSumData().getPoints()).hasSize(4);
  }

  @Test
  void reportsCoreAndMaximumSizes() {
    Map<String, MetricData> metrics = produce();

    assertThat(longValue(metrics.get(THREAD_CORE.name()), ORDERS)).isEqualTo(1);
    assertThat(longValue(metrics.get(THREAD_LIMIT.name()), ORDERS)).isEqualTo(4);
    assertThat(longValue(metrics.get(THREAD_CORE.name()), BILLING)).isEqualTo(2);
    assertThat(longValue(metrics.get(THREAD_LIMIT.name()), BILLING)).isEqualTo(2);
  }

  @Test
  void reportsQueueSizeAndCapacityOnlyForABoundedQueue() {
    Map<String, MetricData> metrics = produce();

    assertThat(longValue(metrics.get(QUEUE_SIZE.name()), ORDERS)).isEqualTo(2);
    assertThat(longValue(metrics.get(QUEUE_SIZE.name()), BILLING)).isZero();
    MetricData capacity = metrics.get(QUEUE_CAPACITY.name());
    assertThat(capacity.getLongGaugeData().getPoints())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getAttributes()).isEqualTo(ORDERS);
              assertThat(p.getValue()).isEqualTo(10);
            });
  }

  @Test
  void queueCapacityIsLeftOutAltogetherWhenEveryQueueIsUnbounded() {
    PoolProbes onlyUnbounded = new PoolProbes();
    BootstrapTestAccess.namedProbe(
        onlyUnbounded, billing, ConstructionSite.of("com.acme.Billing", "init", 20), "billing-1");
    ExecutorMetricProducer unboundedOnly =
        new ExecutorMetricProducer(
            new PoolRegistry(onlyUnbounded),
            "1.2.3",
            () -> NOW_EPOCH_NANOS,
            () -> MONOTONIC_NOW,
            line -> {});

    assertThat(unboundedOnly.produce(resource))
        .extracting(MetricData::getName)
        .doesNotContain(QUEUE_CAPACITY.name())
        .contains(QUEUE_SIZE.name());
  }

  @Test
  void oldestAgeIsHowLongTheHeadOfTheQueueHasWaited() {
    MetricData age = produce().get(QUEUE_OLDEST_AGE.name());

    assertThat(pointFor(age.getDoubleGaugeData().getPoints(), ORDERS).getValue())
        .isCloseTo(3.0, Offset.offset(1e-9));
    assertThat(pointFor(age.getDoubleGaugeData().getPoints(), BILLING).getValue()).isZero();
  }

  @Test
  void countsCompletedAndRejectedTasksAsMonotonicSums() {
    BootstrapTestAccess.recordRejection(ordersProbe);
    BootstrapTestAccess.recordRejection(ordersProbe);

    Map<String, MetricData> metrics = produce();

    MetricData completed = metrics.get(TASK_COMPLETED.name());
    MetricData rejected = metrics.get(TASK_REJECTED.name());
    assertThat(completed.getLongSumData().isMonotonic()).isTrue();
    assertThat(rejected.getLongSumData().isMonotonic()).isTrue();
    assertThat(completed.getLongSumData().getAggregationTemporality())
        .isEqualTo(AggregationTemporality.CUMULATIVE);
    assertThat(longValue(completed, ORDERS)).isEqualTo(1);
    assertThat(longValue(completed, BILLING)).isZero();
    assertThat(longValue(rejected, ORDERS)).isEqualTo(2);
    assertThat(longValue(rejected, BILLING)).isZero();
  }

  @Test
  void countsFailedRequestsOnlyForPoolsThatFailedOne() {
    assertThat(produce()).doesNotContainKey(REQUEST_FAILED.name());

    ordersProbe.requestFailed();
    ordersProbe.requestFailed();
    ordersProbe.requestFailed();
    Map<String, MetricData> metrics = produce();

    MetricData failed = metrics.get(REQUEST_FAILED.name());
    assertThat(failed.getLongSumData().isMonotonic()).isTrue();
    assertThat(failed.getUnit()).isEqualTo("{request}");
    assertThat(failed.getLongSumData().getAggregationTemporality())
        .isEqualTo(AggregationTemporality.CUMULATIVE);
    assertThat(longValue(failed, ORDERS)).isEqualTo(3);
    assertThat(failed.getLongSumData().getPoints()).hasSize(1);
  }

  @Test
  void pointsRunFromWhenThePoolWasFirstSeenToNow() {
    for (MetricData metric : produce().values()) {
      for (PointData point : metric.getData().getPoints()) {
        assertThat(point.getEpochNanos()).isEqualTo(NOW_EPOCH_NANOS);
        long firstSeen =
            point.getAttributes().get(NAME).equals("orders-*")
                ? ordersProbe.firstSeenMillis()
                : billingProbe.firstSeenMillis();
        assertThat(point.getStartEpochNanos()).isEqualTo(firstSeen * 1_000_000L);
      }
    }
  }

  @Test
  void exponentialHistogramReproducesTheRecordedQueueWaitsAndDurations() {
    long[] waits = {0, 1, 2 * MS, 50 * MS, 50 * MS, 450 * MS, 3_000 * MS};
    long[] runs = {1_000, 7 * MS, 7 * MS, 7 * MS, 120 * MS, 2_000 * MS, 1};
    WorkerTimings retiring = BootstrapTestAccess.newWorker(ordersProbe);
    WorkerTimings staying = BootstrapTestAccess.newWorker(ordersProbe);
    for (int i = 0; i < waits.length; i++) {
      BootstrapTestAccess.recordTask(i % 2 == 0 ? retiring : staying, waits[i], runs[i]);
    }
    BootstrapTestAccess.retire(retiring);

    Map<String, MetricData> metrics = produce();

    assertHistogramHolds(metrics.get(TASK_WAIT.name()), waits);
    assertHistogramHolds(metrics.get(TASK_DURATION.name()), runs);
  }

  private static void assertHistogramHolds(MetricData metric, long[] recordedNanos) {
    assertThat(metric.getExponentialHistogramData().getAggregationTemporality())
        .isEqualTo(AggregationTemporality.CUMULATIVE);
    ExponentialHistogramPointData point =
        pointFor(metric.getExponentialHistogramData().getPoints(), ORDERS);

    assertThat(point.getScale()).isEqualTo(3);
    assertThat(point.getPositiveBuckets().getScale()).isEqualTo(3);
    assertThat(point.getCount()).isEqualTo(recordedNanos.length);
    long zeros = java.util.Arrays.stream(recordedNanos).filter(n -> n == 0).count();
    assertThat(point.getZeroCount()).isEqualTo(zeros);
    assertThat(point.getSum())
        .isCloseTo(java.util.Arrays.stream(recordedNanos).sum() / 1e9, Offset.offset(1e-9));
    assertThat(point.getNegativeBuckets().getTotalCount()).isZero();
    assertThat(point.hasMin()).isTrue();
    assertThat(point.hasMax()).isTrue();
    assertThat(point.getMin())
        .as("smallest of every worker's, retired or not")
        .isEqualTo(java.util.Arrays.stream(recordedNanos).min().orElseThrow() / 1e9);
    assertThat(point.getMax())
        .as("largest of every worker's, retired or not")
        .isEqualTo(java.util.Arrays.stream(recordedNanos).max().orElseThrow() / 1e9);

    // Each recorded value lies in (2^(i/8), 2^((i+1)/8)] of the bucket that counts it.
    int offset = point.getPositiveBuckets().getOffset();
    List<Long> counts = point.getPositiveBuckets().getBucketCounts();
    long[] expected = new long[counts.size()];
    for (long nanos : recordedNanos) {
      if (nanos == 0) {
        continue;
      }
      double seconds = nanos / 1e9;
      int index = (int) Math.ceil(Math.log(seconds) / Math.log(2) * 8) - 1;
      assertThat(index)
          .as("%d ns within the buckets", nanos)
          .isBetween(offset, offset + counts.size() - 1);
      expected[index - offset]++;
    }
    assertThat(counts)
        .containsExactly(java.util.Arrays.stream(expected).boxed().toArray(Long[]::new));
    assertThat(counts.get(0)).as("first bucket holds the smallest value").isPositive();
    assertThat(counts.get(counts.size() - 1)).as("last bucket holds the largest").isPositive();
    assertThat(point.getPositiveBuckets().getTotalCount()).isEqualTo(recordedNanos.length - zeros);
  }

  @Test
  void aPoolWithNothingRecordedHasAnEmptyHistogram() {
    MetricData waits = produce().get(TASK_WAIT.name());
    ExponentialHistogramPointData point =
        pointFor(waits.getExponentialHistogramData().getPoints(), BILLING);

    assertThat(point.getCount()).isZero();
    assertThat(point.getSum()).isZero();
    assertThat(point.hasMin()).isFalse();
    assertThat(point.hasMax()).isFalse();
    assertThat(point.getPositiveBuckets().getBucketCounts()).isEmpty();
    assertThat(point.getPositiveBuckets().getOffset()).isZero();
  }

  @Test
  void minAndMaxAreCumulativeLikeTheCounts() {
    WorkerTimings early = BootstrapTestAccess.newWorker(billingProbe);
    BootstrapTestAccess.recordTask(early, 4_000 * MS, 0);
    BootstrapTestAccess.retire(early);
    produce();
    WorkerTimings later = BootstrapTestAccess.newWorker(billingProbe);
    BootstrapTestAccess.recordTask(later, 5 * MS, 9 * MS);

    Map<String, MetricData> metrics = produce();

    ExponentialHistogramPointData waits =
        pointFor(metrics.get(TASK_WAIT.name()).getExponentialHistogramData().getPoints(), BILLING);
    assertThat(waits.getMin()).isEqualTo(0.005);
    assertThat(waits.getMax())
        .as("still the retired worker's, from an earlier export")
        .isEqualTo(4.0);
    ExponentialHistogramPointData runs =
        pointFor(
            metrics.get(TASK_DURATION.name()).getExponentialHistogramData().getPoints(), BILLING);
    assertThat(runs.hasMin()).isTrue();
    assertThat(runs.getMin()).as("a zero run time counts").isZero();
    assertThat(runs.getMax()).isEqualTo(0.009);
  }

  @Test
  void histogramOffsetIsTheOpenTelemetryIndexOfTheFirstCountedBucket() {
    WorkerTimings worker = BootstrapTestAccess.newWorker(billingProbe);
    BootstrapTestAccess.recordTask(worker, 1_000_000_000L, 1);

    MetricData waits = produce().get(TASK_WAIT.name());
    ExponentialHistogramPointData point =
        pointFor(waits.getExponentialHistogramData().getPoints(), BILLING);

    // 1 s is 2^0: the upper bound of bucket -1.
    assertThat(point.getPositiveBuckets().getOffset()).isEqualTo(-1);
    assertThat(point.getPositiveBuckets().getBucketCounts()).containsExactly(1L);
  }

  @Test
  void leavesOutPoolsWhoseWorkersHaveNotRunAndTheAgentsOwnPools() {
    ThreadPoolExecutor unnamed =
        new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
    ThreadPoolExecutor own =
        new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
    probes.probeFor(unnamed, ConstructionSite.of("com.acme.Later", "init", 1));
    BootstrapTestAccess.agentOwnedProbe(probes, own);

    for (MetricData metric : produce().values()) {
      assertThat(metric.getData().getPoints())
          .as(metric.getName())
          .extracting(p -> p.getAttributes().get(NAME))
          .isSubsetOf("orders-*", "billing-*");
    }
  }

  @Test
  void everyPointOfAPoolCarriesItsTypeAndNoOwnerForTheApplicationsOwnPools() {
    for (MetricData metric : produce().values()) {
      assertThat(metric.getData().getPoints())
          .as(metric.getName())
          .isNotEmpty()
          .allSatisfy(
              p -> {
                assertThat(p.getAttributes().get(TYPE)).isEqualTo(JDK_POOL);
                assertThat(p.getAttributes().get(OWNER)).isNull();
              });
    }
  }

  @Test
  void aPoolVertxBuiltCarriesItsOwnerAndASubclassItsOwnClass() {
    ThreadPoolExecutor vertxWorkers =
        new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new ArrayBlockingQueue<>(4)) {};
    try {
      BootstrapTestAccess.namedProbe(
          probes,
          vertxWorkers,
          ConstructionSite.of("io.vertx.core.spi.ExecutorServiceFactory", "lambda$static$0", 1),
          "vert.x-worker-thread-0");

      for (MetricData metric : produce().values()) {
        assertThat(metric.getData().getPoints())
            .as(metric.getName())
            .filteredOn(p -> "vert.x-worker-thread-*".equals(p.getAttributes().get(NAME)))
            .isNotEmpty()
            .allSatisfy(
                p -> {
                  assertThat(p.getAttributes().get(OWNER)).isEqualTo("vertx");
                  assertThat(p.getAttributes().get(TYPE))
                      .isEqualTo(vertxWorkers.getClass().getName())
                      .isNotEqualTo(JDK_POOL);
                });
      }
    } finally {
      vertxWorkers.shutdownNow();
    }
  }

  @Test
  void producesNothingWithoutPools() {
    ExecutorMetricProducer empty =
        new ExecutorMetricProducer(
            new PoolRegistry(new PoolProbes()),
            "1.2.3",
            () -> NOW_EPOCH_NANOS,
            () -> 0L,
            line -> {});

    assertThat(empty.produce(resource)).isEmpty();
  }

  @Test
  void theSdkCollectsTheProducersMetricsAlongsideItsOwn() {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    try (SdkMeterProvider provider =
        SdkMeterProvider.builder()
            .setResource(resource)
            .registerMetricReader(reader)
            .registerMetricProducer(producer)
            .build()) {
      provider.get("other").counterBuilder("other.count").build().add(1);

      Collection<MetricData> collected = reader.collectAllMetrics();

      assertThat(collected)
          .extracting(MetricData::getName)
          .contains("other.count", THREAD_CORE.name(), TASK_DURATION.name());
      assertThat(collected)
          .filteredOn(m -> m.getName().startsWith(EXECUTOR_PREFIX))
          .allSatisfy(m -> assertThat(m.getResource()).isEqualTo(resource));
    }
  }

  @Test
  void aPoolWhoseGettersThrowIsLeftOutAndSaidOnceWhileTheOthersAreReported() {
    PoolProbes probes = new PoolProbes();
    ThreadPoolExecutor broken =
        new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>()) {
          @Override
          public int getActiveCount() {
            throw new IllegalStateException("not today");
          }
        };
    try {
      BootstrapTestAccess.namedProbe(
          probes, broken, ConstructionSite.of("com.acme.Broken", "init", 1), "broken-1");
      BootstrapTestAccess.namedProbe(
          probes, billing, ConstructionSite.of("com.acme.Billing", "init", 20), "billing-1");
      List<String> said = new java.util.ArrayList<>();
      ExecutorMetricProducer producer =
          new ExecutorMetricProducer(
              new PoolRegistry(probes), "1.2.3", () -> NOW_EPOCH_NANOS, () -> 0L, said::add);

      producer.produce(resource);
      Collection<MetricData> metrics = producer.produce(resource);

      assertThat(metrics).extracting(MetricData::getName).contains(THREAD_CORE.name());
      assertThat(said).singleElement().asString().contains("broken-*", "not today");
    } finally {
      broken.shutdownNow();
    }
  }
}
