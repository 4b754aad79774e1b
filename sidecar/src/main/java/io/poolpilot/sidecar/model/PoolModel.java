package io.poolpilot.sidecar.model;

import io.poolpilot.tuning.telemetry.PoolReading;
import io.poolpilot.tuning.telemetry.PoolTotals;
import io.poolpilot.tuning.telemetry.TelemetryInterval;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The sidecar's picture of every pool it has heard of, built from {@link PoolReport}s.
 *
 * <p>Each pool's telemetry is kept as the agent exports it, whatever the sender's temporality
 * ({@link CountAccumulator}, {@link HistogramAccumulator}): its latest reading ({@link
 * PoolReading}, kept in place), which the decision loop turns into the tuner's observations, and
 * the gauges as last reported. The snapshot the API shows holds the rates and quantiles of the
 * interval between the two latest readings ({@link TelemetryInterval}): an export interval rather
 * than the process's whole life, which would hide a backlog that began a minute ago. A report at
 * the time of the last one applied is a retry of it and changes nothing. An older one was overtaken
 * (ingest may finish exports out of order): it makes no reading, so it cannot produce an empty or
 * backward interval, and its gauges and cumulative points are stale, but its delta points count
 * tasks no other report holds, so they are still added up and show in the next interval rather than
 * being lost.
 *
 * <p>History: each applied report also appends a {@link PoolSample} to its pool's {@link
 * CompactHistory}, stamped with the sidecar's clock. It keeps the last {@link #HISTORY_WINDOW}: the
 * last {@link #FULL_RESOLUTION_WINDOW} (or what {@link HistorySettings} says) at one sample per
 * export, at most {@link #FULL_RESOLUTION_SAMPLES} of them (an exporter that reports faster than
 * once a second gets a shorter full-resolution history), and older samples as {@link
 * #HISTORY_BUCKET} aggregates. So a pool's history has a fixed size, about 10 KB, where 900 sample
 * objects took about 115 KB: about 100 MB instead of 1.1 GB for a sidecar of a thousand processes
 * of ten pools.
 *
 * <p>Who sent it ({@link Sender}): an agent's data and other senders' are counted apart and bounded
 * apart ({@link ModelLimits}: pools per process, processes per service, processes in all, new
 * processes per minute), so no sender can crowd another out. A process whose agent proved itself is
 * the agent's alone: data from anyone else in its name is refused, and whatever an unverified
 * sender had recorded under that name before is dropped when the agent's first data arrives, so it
 * never reaches the decision loop. A data point further ahead of the sidecar's clock than the
 * limits allow is refused, as it would hold every later reading of its pool back as older.
 *
 * <p>Beside the readings, the model keeps one entry per process ({@link InstanceKey}): when the
 * sidecar last heard from it (telemetry, or a control message: see {@link #heard}), by the
 * sidecar's clock, and what telemetry distribution its resource named. A process silent for longer
 * than the expiry is forgotten with all its pools and their history ({@link #expire(Duration)}).
 * Whether a process is controlled is the control side's business, not the model's.
 *
 * <p>Thread-safe: ingest writes and the API and the decision loops read from different threads. The
 * listener given to {@link #onReading} is called after each applied report, outside the lock.
 */
public final class PoolModel {

  /** How far back a pool's history reaches. */
  public static final Duration HISTORY_WINDOW = Duration.ofMinutes(15);

  /**
   * How long samples stay at full resolution: long enough to watch a change and the tuner's answer
   * to it export by export.
   */
  public static final Duration FULL_RESOLUTION_WINDOW = Duration.ofMinutes(2);

  /** The most samples kept at full resolution: 2 minutes at the agent's 1 s export interval. */
  public static final int FULL_RESOLUTION_SAMPLES = 120;

  /**
   * The length of an aggregate of older history: the routes' slot length, so the two line up, and
   * short enough that a 15-minute chart still has 78 points.
   */
  public static final Duration HISTORY_BUCKET = Duration.ofSeconds(10);

  private final Clock clock;
  private final ModelLimits limits;
  private final HistorySettings historySettings;
  private final Map<InstanceKey, InstanceState> instances = new HashMap<>();
  private final Map<String, Integer> agentInstancesByService = new HashMap<>();
  private final ArrayDeque<Long> unverifiedAdmissions = new ArrayDeque<>();
  private int agentInstances;
  private int unverifiedInstances;
  private int poolCount;
  private volatile Consumer<InstanceKey> readingListener = key -> {};

  /** Where each applied report's reading is put together, under the lock: one for all pools. */
  private final PoolTotals next = new PoolTotals();

  public PoolModel() {
    this(Clock.systemUTC());
  }

  /**
   * @param clock stamps when each process was last heard from
   */
  public PoolModel(Clock clock) {
    this(clock, ModelLimits.DEFAULTS);
  }

  public PoolModel(Clock clock, ModelLimits limits) {
    this(clock, limits, HistorySettings.DEFAULTS);
  }

  /**
   * @param history how long each pool's history keeps one sample per export
   */
  public PoolModel(Clock clock, ModelLimits limits, HistorySettings history) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.historySettings = Objects.requireNonNull(history, "history");
  }

  /**
   * Has {@code listener} told, with the process, every time a report gave one of its pools a new
   * reading. It must return at once (it runs on the ingest's thread).
   */
  public void onReading(Consumer<InstanceKey> listener) {
    this.readingListener = Objects.requireNonNull(listener, "listener");
  }

  /**
   * Applies one export's readings of one pool from its process's agent.
   *
   * @return why nothing was recorded (a bound was reached, the point is far off the sidecar's
   *     clock); empty when it was recorded, or was a retry of data already recorded
   */
  public Optional<String> record(PoolReport report) {
    return record(report, OptionalDouble.empty(), Sender.AGENT);
  }

  /**
   * Applies one export's readings of one pool, with its process's latest CPU use for the history.
   *
   * @param processCpu the process's CPU use, 0 to 1 of its processors; empty if unknown
   * @param sender who sent it: only an agent's data steers; another sender's is refused for a
   *     process an agent owns
   * @return why nothing was recorded (a bound was reached, the process belongs to an agent, the
   *     point is far off the sidecar's clock); empty when it was recorded, or was a retry of data
   *     already recorded
   */
  public Optional<String> record(PoolReport report, OptionalDouble processCpu, Sender sender) {
    InstanceKey instance = InstanceKey.of(report.key());
    boolean applied;
    synchronized (this) {
      Optional<String> offClock = offClock(report.timeUnixNano());
      if (offClock.isPresent()) {
        return offClock.map(why -> "pool " + report.key().pool() + " of " + instance + ": " + why);
      }
      Admission admission = admit(instance, sender);
      if (admission.refusal() != null) {
        return Optional.of(admission.refusal());
      }
      InstanceState owner = admission.state();
      PoolState state = owner.pools.get(report.key().pool());
      if (state == null) {
        if (owner.pools.size() >= limits.poolsPerInstance()) {
          return Optional.of(
              "pool "
                  + report.key().pool()
                  + " of "
                  + instance
                  + " not recorded: a process may report at most "
                  + limits.poolsPerInstance()
                  + " pools");
        }
        state = new PoolState(report.key(), historySettings);
        owner.pools.put(report.key().pool(), state);
        poolCount++;
      }
      applied = state.apply(report, processCpu, clock.instant(), next);
    }
    if (applied && sender == Sender.AGENT) {
      readingListener.accept(instance);
    }
    return Optional.empty();
  }

  /**
   * Notes that a process was heard from: it sent telemetry, before or without any pool in it
   * (spans, other metrics), or a control message.
   *
   * @param distro the resource's {@code telemetry.distro.name}, empty when it named none
   * @return why the process was not admitted (a bound was reached, it belongs to an agent); empty
   *     when it was noted
   */
  public synchronized Optional<String> heard(InstanceKey key, String distro, Sender sender) {
    Objects.requireNonNull(distro, "distro");
    Admission admission = admit(key, sender);
    if (admission.refusal() != null) {
      return Optional.of(admission.refusal());
    }
    if (!distro.isEmpty()) {
      admission.state().distro = distro;
    }
    return Optional.empty();
  }

  /** Whether a point taken at {@code timeUnixNano} is too far ahead of the sidecar's clock. */
  private Optional<String> offClock(long timeUnixNano) {
    long nowNanos = clock.millis() * 1_000_000L;
    long ahead = timeUnixNano - nowNanos;
    if (ahead > limits.maxClockAhead().toNanos()) {
      return Optional.of(
          "its data point is "
              + ahead / 1_000_000_000L
              + " s ahead of the sidecar's clock, expected at most "
              + limits.maxClockAhead().toSeconds()
              + " s");
    }
    return Optional.empty();
  }

  /** An instance's state, or why it may not have one; {@code state} is null when refused. */
  private record Admission(InstanceState state, String refusal) {}

  /**
   * The state of {@code key} for data from {@code sender}, touched: created within the bounds, or
   * taken over from an unverified sender by the agent. Refused when a bound is reached or when an
   * unverified sender speaks for a process an agent owns.
   */
  private Admission admit(InstanceKey key, Sender sender) {
    InstanceState state = instances.get(key);
    long now = clock.millis();
    if (state == null) {
      String refusal = sender == Sender.AGENT ? roomForAgent(key) : roomForUnverified(now);
      if (refusal != null) {
        return new Admission(null, refusal + "; " + key + " not recorded");
      }
      state = new InstanceState(sender);
      instances.put(key, state);
      count(key, sender, +1);
    } else if (state.sender != sender) {
      if (sender == Sender.UNVERIFIED) {
        return new Admission(
            null,
            key
                + " belongs to its PoolPilot agent: data from a sender without its session is not"
                + " recorded");
      }
      String refusal = roomForAgent(key);
      if (refusal != null) {
        return new Admission(null, refusal + "; " + key + " not recorded");
      }
      // The agent proved itself: what was recorded in its name before is no one's to trust.
      poolCount -= state.pools.size();
      state.pools.clear();
      count(key, Sender.UNVERIFIED, -1);
      state.sender = Sender.AGENT;
      count(key, Sender.AGENT, +1);
    }
    state.lastSeenMillis = now;
    return new Admission(state, null);
  }

  private String roomForAgent(InstanceKey key) {
    if (agentInstances >= limits.agentInstances()) {
      return "the sidecar takes at most " + limits.agentInstances() + " processes with an agent";
    }
    if (agentInstancesByService.getOrDefault(key.service(), 0)
        >= limits.agentInstancesPerService()) {
      return "the sidecar takes at most "
          + limits.agentInstancesPerService()
          + " processes of one service";
    }
    return null;
  }

  private String roomForUnverified(long now) {
    if (unverifiedInstances >= limits.unverifiedInstances()) {
      return "the sidecar takes at most "
          + limits.unverifiedInstances()
          + " processes without a PoolPilot agent";
    }
    while (!unverifiedAdmissions.isEmpty() && unverifiedAdmissions.peekFirst() <= now - 60_000) {
      unverifiedAdmissions.pollFirst();
    }
    if (unverifiedAdmissions.size() >= limits.newUnverifiedInstancesPerMinute()) {
      return "the sidecar admits at most "
          + limits.newUnverifiedInstancesPerMinute()
          + " new processes without a PoolPilot agent a minute";
    }
    unverifiedAdmissions.addLast(now);
    return null;
  }

  private void count(InstanceKey key, Sender sender, int delta) {
    if (sender == Sender.AGENT) {
      agentInstances += delta;
      agentInstancesByService.merge(key.service(), delta, Integer::sum);
      agentInstancesByService.remove(key.service(), 0);
    } else {
      unverifiedInstances += delta;
    }
  }

  /**
   * The history of pool {@code pool} in every process of {@code service} that reports it, ordered
   * by instance: samples of the last {@link #HISTORY_WINDOW} by the model's clock, oldest first;
   * those older than the full-resolution window are {@link #HISTORY_BUCKET} aggregates.
   */
  public synchronized List<PoolHistory> history(String service, String pool) {
    Instant oldest = clock.instant().minus(HISTORY_WINDOW);
    List<PoolHistory> histories = new ArrayList<>();
    instances.forEach(
        (key, state) -> {
          PoolState poolState = key.service().equals(service) ? state.pools.get(pool) : null;
          if (poolState != null) {
            histories.add(
                new PoolHistory(
                    new PoolKey(service, key.instance(), pool), poolState.history.samples(oldest)));
          }
        });
    histories.sort((a, b) -> a.key().compareTo(b.key()));
    return List.copyOf(histories);
  }

  /**
   * The latest reading of each pool of one process, by pool name: what its agent sent; empty for a
   * process without one.
   */
  public synchronized Map<String, PoolReading> readings(InstanceKey key) {
    InstanceState state = instances.get(key);
    if (state == null || state.sender != Sender.AGENT) {
      return Map.of();
    }
    Map<String, PoolReading> readings = new HashMap<>();
    state.pools.forEach(
        (pool, poolState) -> {
          if (poolState.read) {
            readings.put(pool, poolState.latest.reading());
          }
        });
    return readings;
  }

  /** Every known process, ordered by service, then instance id. */
  public synchronized List<InstanceSnapshot> instances() {
    List<InstanceSnapshot> all = new ArrayList<>(instances.size());
    instances.forEach(
        (key, state) ->
            all.add(
                new InstanceSnapshot(
                    key,
                    Instant.ofEpochMilli(state.lastSeenMillis),
                    Optional.ofNullable(state.distro),
                    state.sender)));
    all.sort((a, b) -> a.key().compareTo(b.key()));
    return List.copyOf(all);
  }

  /**
   * Forgets every process not heard from for longer than {@code silence}, with its pools.
   *
   * @return the processes forgotten now, each with the names of its pools; each is returned once,
   *     so a caller can log it once
   */
  public synchronized List<ExpiredInstance> expire(Duration silence) {
    long now = clock.millis();
    List<ExpiredInstance> expired = new ArrayList<>();
    for (Iterator<Map.Entry<InstanceKey, InstanceState>> it = instances.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<InstanceKey, InstanceState> entry = it.next();
      long silentMillis = now - entry.getValue().lastSeenMillis;
      if (silentMillis <= silence.toMillis()) {
        continue;
      }
      it.remove();
      count(entry.getKey(), entry.getValue().sender, -1);
      Set<String> pools = new TreeSet<>(entry.getValue().pools.keySet());
      poolCount -= pools.size();
      expired.add(new ExpiredInstance(entry.getKey(), Duration.ofMillis(silentMillis), pools));
    }
    expired.sort((a, b) -> a.key().compareTo(b.key()));
    return List.copyOf(expired);
  }

  /** Every known pool, ordered by service, pool name, then instance. */
  public synchronized List<PoolSnapshot> snapshots() {
    List<PoolSnapshot> all = new ArrayList<>(poolCount);
    for (InstanceState state : instances.values()) {
      for (PoolState pool : state.pools.values()) {
        all.add(pool.snapshot());
      }
    }
    all.sort((a, b) -> a.key().compareTo(b.key()));
    return List.copyOf(all);
  }

  private static final class InstanceState {
    Sender sender;
    long lastSeenMillis;
    String distro;
    final Map<String, PoolState> pools = new HashMap<>();

    InstanceState(Sender sender) {
      this.sender = sender;
    }
  }

  /**
   * One pool's state, all of it kept in place and overwritten by each export: what lives exactly
   * one export interval, allocated anew each time, was promoted to the old generation at hundreds
   * of instances and died there (docs/benchmarks.md, section 4).
   */
  private static final class PoolState {
    final PoolKey key;

    /** The gauges as last reported, by {@link PoolValue#ordinal()}; {@code NaN} until reported. */
    final double[] gauges = new double[PoolValue.values().length];

    final CountAccumulator completed = new CountAccumulator();
    final CountAccumulator rejected = new CountAccumulator();
    final CountAccumulator failedRequests = new CountAccumulator();
    final HistogramAccumulator waits = new HistogramAccumulator();
    final HistogramAccumulator runTimes = new HistogramAccumulator();
    final CompactHistory history;

    /** The reading as of the latest applied report; meaningful once {@link #read}. */
    final PoolTotals latest = new PoolTotals();

    final IntervalFigures interval = new IntervalFigures();
    boolean read;

    PoolState(PoolKey key, HistorySettings settings) {
      this.key = key;
      this.history =
          new CompactHistory(
              settings.fullResolution(),
              settings.fullResolutionSamples(),
              HISTORY_BUCKET,
              HISTORY_WINDOW);
      Arrays.fill(gauges, Double.NaN);
    }

    /**
     * Applies a report newer than the latest one. Of an older one only the delta points are added
     * (see the class javadoc); one at the latest one's time is a retry and changes nothing.
     *
     * @param next where the new reading is put together before it replaces the latest: the model's,
     *     reused for every pool
     * @return whether the report made a new reading
     */
    boolean apply(PoolReport report, OptionalDouble processCpu, Instant now, PoolTotals next) {
      if (read && report.timeUnixNano() <= latest.timeUnixNano()) {
        if (report.timeUnixNano() < latest.timeUnixNano()) {
          addOverdue(report);
        }
        return false;
      }
      report.values().forEach((name, value) -> gauges[name.ordinal()] = value);
      CounterPoint completedPoint = report.counters().get(PoolValue.COMPLETED);
      if (completedPoint != null) {
        completed.accept(completedPoint);
      }
      CounterPoint rejectedPoint = report.counters().get(PoolValue.REJECTED);
      if (rejectedPoint != null) {
        rejected.accept(rejectedPoint);
      }
      CounterPoint failedPoint = report.counters().get(PoolValue.FAILED_REQUESTS);
      if (failedPoint != null) {
        failedRequests.accept(failedPoint);
      }
      report.queueWait().ifPresent(waits::accept);
      report.runTime().ifPresent(runTimes::accept);
      next.time(report.timeUnixNano());
      next.completed(completed.startUnixNano(), completed.count());
      next.rejected(rejected.startUnixNano(), rejected.count());
      next.failed(failedRequests.startUnixNano(), failedRequests.count());
      next.queueWaits().copyFrom(waits.current());
      next.runTimes().copyFrom(runTimes.current());
      next.gauges(
          gauge(PoolValue.ACTIVE),
          Math.round(gauge(PoolValue.QUEUED)),
          gauge(PoolValue.OLDEST_AGE_SECONDS));
      Optional<TelemetryInterval> between =
          read ? TelemetryInterval.between(latest, next) : Optional.empty();
      latest.copyFrom(next);
      read = true;
      interval.set(between, latest, completed.seen(), rejected.seen());
      history.add(PoolSample.of(now, snapshot(), processCpu));
      return true;
    }

    private double gauge(PoolValue name) {
      double value = gauges[name.ordinal()];
      return Double.isNaN(value) ? 0.0 : value;
    }

    PoolSnapshot snapshot() {
      return PoolSnapshot.of(key, gauges, latest, completed.seen(), rejected.seen(), interval);
    }

    private void addOverdue(PoolReport report) {
      CounterPoint completedPoint = report.counters().get(PoolValue.COMPLETED);
      if (completedPoint != null) {
        completed.acceptOverdue(completedPoint);
      }
      CounterPoint rejectedPoint = report.counters().get(PoolValue.REJECTED);
      if (rejectedPoint != null) {
        rejected.acceptOverdue(rejectedPoint);
      }
      CounterPoint failedPoint = report.counters().get(PoolValue.FAILED_REQUESTS);
      if (failedPoint != null) {
        failedRequests.acceptOverdue(failedPoint);
      }
      report.queueWait().ifPresent(waits::acceptOverdue);
      report.runTime().ifPresent(runTimes::acceptOverdue);
    }
  }
}
