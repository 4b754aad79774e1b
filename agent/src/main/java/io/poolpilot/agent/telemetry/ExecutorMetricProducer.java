package io.poolpilot.agent.telemetry;

import static io.poolpilot.protocol.TelemetryNames.EXECUTOR_NAME;
import static io.poolpilot.protocol.TelemetryNames.EXECUTOR_OWNER_NAME;
import static io.poolpilot.protocol.TelemetryNames.EXECUTOR_TYPE;
import static io.poolpilot.protocol.TelemetryNames.STATE_ACTIVE;
import static io.poolpilot.protocol.TelemetryNames.STATE_IDLE;
import static io.poolpilot.protocol.TelemetryNames.THREAD_STATE;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.ExponentialHistogramBuckets;
import io.opentelemetry.sdk.metrics.data.ExponentialHistogramData;
import io.opentelemetry.sdk.metrics.data.ExponentialHistogramPointData;
import io.opentelemetry.sdk.metrics.data.GaugeData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.metrics.data.SumData;
import io.opentelemetry.sdk.metrics.export.MetricProducer;
import io.opentelemetry.sdk.resources.Resource;
import io.poolpilot.agent.bootstrap.HistogramSnapshot;
import io.poolpilot.agent.bootstrap.TimedTask;
import io.poolpilot.agent.pool.NamedPool;
import io.poolpilot.agent.pool.PoolAdapter;
import io.poolpilot.agent.pool.PoolRegistry;
import io.poolpilot.protocol.TelemetryNames;
import io.poolpilot.protocol.TelemetryNames.Metric;
import io.poolpilot.protocol.histogram.ExponentialBuckets;
import io.poolpilot.protocol.histogram.ExponentialHistogram;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Turns the registry's pools into {@code jvm.executor.*} metrics at each export.
 *
 * <p>The SDK's own instruments are not used for the two histograms: the workers record into
 * per-thread cells of a fixed-scale exponential histogram (see {@link ExponentialBuckets}), which
 * costs a few nanoseconds and no contention, and this producer adds the cells up once per export.
 * All values are read from one pass over the pools, so they describe the same moment and every
 * pool's name is resolved once. Counts and histograms are cumulative.
 */
public final class ExecutorMetricProducer implements MetricProducer {
  private static final AttributeKey<String> NAME = AttributeKey.stringKey(EXECUTOR_NAME);
  private static final AttributeKey<String> TYPE = AttributeKey.stringKey(EXECUTOR_TYPE);
  private static final AttributeKey<String> OWNER = AttributeKey.stringKey(EXECUTOR_OWNER_NAME);
  private static final AttributeKey<String> STATE = AttributeKey.stringKey(THREAD_STATE);

  private final PoolRegistry registry;
  private final InstrumentationScopeInfo scope;
  private final LongSupplier epochNanos;
  private final LongSupplier monotonicNanos;
  private final Consumer<String> report;
  private final AtomicBoolean reportedBrokenPool = new AtomicBoolean();

  public ExecutorMetricProducer(
      PoolRegistry registry,
      String agentVersion,
      LongSupplier epochNanos,
      LongSupplier monotonicNanos,
      Consumer<String> report) {
    this.registry = registry;
    this.scope = InstrumentationScopeInfo.create(TelemetryNames.SCOPE, agentVersion, null);
    this.epochNanos = epochNanos;
    this.monotonicNanos = monotonicNanos;
    this.report = report;
  }

  @Override
  public Collection<MetricData> produce(Resource resource) {
    Points p = new Points(epochNanos.getAsLong());
    for (NamedPool named : registry.pools()) {
      try {
        p.add(named);
      } catch (RuntimeException e) {
        // A pool subclass whose getters throw: leave that pool out, never the whole export.
        if (reportedBrokenPool.compareAndSet(false, true)) {
          report.accept("pool " + named.name() + " could not be read and is left out: " + e);
        }
      }
    }
    List<MetricData> metrics = new ArrayList<>();
    metrics.add(sum(resource, TelemetryNames.THREAD_COUNT, false, p.threadCount));
    metrics.add(gauge(resource, TelemetryNames.THREAD_CORE, p.core));
    metrics.add(gauge(resource, TelemetryNames.THREAD_LIMIT, p.limit));
    metrics.add(gauge(resource, TelemetryNames.QUEUE_SIZE, p.queueSize));
    metrics.add(gauge(resource, TelemetryNames.QUEUE_CAPACITY, p.queueCapacity));
    metrics.add(
        new PoolMetricData(
            resource,
            scope,
            TelemetryNames.QUEUE_OLDEST_AGE,
            MetricDataType.DOUBLE_GAUGE,
            GaugeData.createDoubleGaugeData(p.oldestAge)));
    metrics.add(sum(resource, TelemetryNames.TASK_COMPLETED, true, p.completed));
    metrics.add(sum(resource, TelemetryNames.TASK_REJECTED, true, p.rejected));
    metrics.add(sum(resource, TelemetryNames.REQUEST_FAILED, true, p.failedRequests));
    metrics.add(histogram(resource, TelemetryNames.TASK_WAIT, p.waits));
    metrics.add(histogram(resource, TelemetryNames.TASK_DURATION, p.durations));
    metrics.removeIf(MetricData::isEmpty);
    return metrics;
  }

  /** The points of one export, gathered pool by pool. */
  private final class Points {
    final long now;
    final List<LongPointData> threadCount = new ArrayList<>();
    final List<LongPointData> core = new ArrayList<>();
    final List<LongPointData> limit = new ArrayList<>();
    final List<LongPointData> queueSize = new ArrayList<>();
    final List<LongPointData> queueCapacity = new ArrayList<>();
    final List<DoublePointData> oldestAge = new ArrayList<>();
    final List<LongPointData> completed = new ArrayList<>();
    final List<LongPointData> rejected = new ArrayList<>();
    final List<LongPointData> failedRequests = new ArrayList<>();
    final List<ExponentialHistogramPointData> waits = new ArrayList<>();
    final List<ExponentialHistogramPointData> durations = new ArrayList<>();

    Points(long now) {
      this.now = now;
    }

    void add(NamedPool named) {
      PoolAdapter pool = named.pool();
      Attributes attrs = poolAttributes(named);
      long start = TimeUnit.MILLISECONDS.toNanos(named.probe().firstSeenMillis());
      int active = pool.activeCount();
      int size = pool.poolSize();
      threadCount.add(
          LongPointData.create(
              start, now, attrs.toBuilder().put(STATE, STATE_ACTIVE).build(), active));
      threadCount.add(
          LongPointData.create(
              start,
              now,
              attrs.toBuilder().put(STATE, STATE_IDLE).build(),
              Math.max(0, size - active)));
      core.add(LongPointData.create(start, now, attrs, pool.coreSize()));
      limit.add(LongPointData.create(start, now, attrs, pool.maxSize()));
      int queued = pool.queueSize();
      queueSize.add(LongPointData.create(start, now, attrs, queued));
      BlockingQueue<Runnable> queue = pool.queue();
      if (queue != null) {
        long capacity = (long) queue.remainingCapacity() + queue.size();
        if (capacity < Integer.MAX_VALUE) {
          queueCapacity.add(LongPointData.create(start, now, attrs, capacity));
        }
        double age = oldestAgeSeconds(pool, queue);
        if (age >= 0) {
          oldestAge.add(DoublePointData.create(start, now, attrs, age, List.of()));
        }
      }
      HistogramSnapshot runs = named.probe().durations();
      ExponentialHistogram runHistogram = runs.histogram();
      long completedCount = pool.completedTaskCount();
      if (completedCount < 0) {
        // A pool that does not count (Jetty's): the measured tasks that finished.
        completedCount = runHistogram.totalCount();
      }
      completed.add(LongPointData.create(start, now, attrs, completedCount));
      rejected.add(LongPointData.create(start, now, attrs, named.probe().rejectedCount()));
      long failed = named.probe().failedRequestCount();
      if (failed > 0) {
        // Only pools that failed a request: most pools serve none, and a series that appears
        // later counts from the same start, so nothing is lost by its absence before.
        failedRequests.add(LongPointData.create(start, now, attrs, failed));
      }
      HistogramSnapshot queueWaits = named.probe().queueWaits();
      waits.add(histogramPoint(queueWaits, queueWaits.histogram(), start, now, attrs));
      durations.add(histogramPoint(runs, runHistogram, start, now, attrs));
    }
  }

  /**
   * What every point of a pool carries: its name, its implementation class and, where known, the
   * framework that owns it. All three are fixed for the pool's life, so they add no series.
   */
  private static Attributes poolAttributes(NamedPool named) {
    PoolAdapter pool = named.pool();
    String owner = pool.ownerName();
    AttributesBuilder attrs =
        Attributes.builder().put(NAME, named.name()).put(TYPE, pool.typeName());
    if (owner != null) {
      attrs.put(OWNER, owner);
    }
    return attrs.build();
  }

  /**
   * Seconds the head of the queue has waited: 0 for an empty queue, -1 where the queue's tasks
   * carry no submit time (a priority queue, whose tasks are not wrapped).
   */
  private double oldestAgeSeconds(PoolAdapter pool, BlockingQueue<Runnable> queue) {
    Runnable head = queue.peek();
    if (head == null) {
      return 0;
    }
    if (head instanceof TimedTask timed) {
      return Math.max(0, monotonicNanos.getAsLong() - timed.submittedAt()) / 1e9;
    }
    if (pool.scheduled() && head instanceof RunnableScheduledFuture<?> f) {
      return Math.max(0, -f.getDelay(TimeUnit.NANOSECONDS)) / 1e9;
    }
    return -1;
  }

  /**
   * One OTLP point of {@code snapshot}, whose buckets {@code histogram} holds already trimmed. Min
   * and max are the snapshot's, cumulative like its counts; an empty histogram carries none.
   */
  private static ExponentialHistogramPointData histogramPoint(
      HistogramSnapshot snapshot,
      ExponentialHistogram histogram,
      long start,
      long now,
      Attributes attrs) {
    boolean hasMinMax = snapshot.hasMinMax();
    List<Long> counts = boxedCounts(histogram);
    ExponentialHistogramBuckets positive =
        ExponentialHistogramBuckets.create(histogram.scale(), histogram.offset(), counts);
    ExponentialHistogramBuckets negative =
        ExponentialHistogramBuckets.create(histogram.scale(), 0, List.of());
    return ExponentialHistogramPointData.create(
        histogram.scale(),
        snapshot.sumNanos() / 1e9,
        histogram.zeroCount(),
        hasMinMax,
        hasMinMax ? snapshot.minNanos() / 1e9 : 0,
        hasMinMax,
        hasMinMax ? snapshot.maxNanos() / 1e9 : 0,
        positive,
        negative,
        start,
        now,
        attrs,
        List.of());
  }

  /**
   * The stored counts as the list OTLP takes, read bucket by bucket: {@link
   * ExponentialHistogram#counts()} would first clone the array, a second copy of every histogram of
   * every pool at every export for nothing but boxing.
   */
  private static List<Long> boxedCounts(ExponentialHistogram histogram) {
    int offset = histogram.offset();
    Long[] boxed = new Long[histogram.bucketCount()];
    for (int k = 0; k < boxed.length; k++) {
      boxed[k] = histogram.count(offset + k);
    }
    return Arrays.asList(boxed);
  }

  private MetricData gauge(Resource resource, Metric metric, List<LongPointData> points) {
    return new PoolMetricData(
        resource, scope, metric, MetricDataType.LONG_GAUGE, GaugeData.createLongGaugeData(points));
  }

  private MetricData sum(
      Resource resource, Metric metric, boolean monotonic, List<LongPointData> points) {
    return new PoolMetricData(
        resource,
        scope,
        metric,
        MetricDataType.LONG_SUM,
        SumData.createLongSumData(monotonic, AggregationTemporality.CUMULATIVE, points));
  }

  private MetricData histogram(
      Resource resource, Metric metric, List<ExponentialHistogramPointData> points) {
    return new PoolMetricData(
        resource,
        scope,
        metric,
        MetricDataType.EXPONENTIAL_HISTOGRAM,
        ExponentialHistogramData.create(AggregationTemporality.CUMULATIVE, points));
  }
}
