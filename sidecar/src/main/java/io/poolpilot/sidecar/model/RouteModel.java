package io.poolpilot.sidecar.model;

import io.poolpilot.protocol.TelemetryNames;
import io.poolpilot.protocol.histogram.ExponentialBuckets;
import io.poolpilot.protocol.histogram.ExponentialHistogram;
import io.poolpilot.protocol.histogram.HistogramRecorder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Per HTTP route, request counts, errors and latency percentiles read from server spans; and, per
 * service, the pools that serve requests (a pool named by {@code jvm.executor.name} on a server
 * span), which the tuner tunes by default.
 *
 * <p>A route's spans fall into slots of {@link #SLOT} by the injected clock's time of arrival,
 * {@link #SLOTS} of them in a ring (the last 15 minutes), each with its count, its errors and a
 * histogram of durations ({@link HistogramRecorder}). Rate and percentiles are over the slots of
 * the last {@link #RECENT}: {@code rate = requests / (now - start of the oldest of those slots)}
 * (or of the slot the route was first seen in, if later, so a new route's rate is not diluted by a
 * minute it did not exist in), percentiles from their merged histograms, so they follow a change
 * within a minute while still resting on more than a handful of requests.
 *
 * <p>Bounded: at most {@link #MAX_ROUTES} routes (route templates are low in cardinality by design;
 * a route silent for the whole history window makes room for a new one, and beyond that a new route
 * is counted in {@link #untrackedSpans()} and not kept), each under {@code SLOTS} × about 1 KB for
 * typical latencies; at most {@link #MAX_REQUEST_POOLS} request-serving pools per service and
 * {@link #MAX_SERVICES} services.
 *
 * <p>Thread-safe: ingest writes and the API reads from different event loops.
 */
public final class RouteModel {

  public static final Duration SLOT = Duration.ofSeconds(10);

  /** 15 minutes of 10-second slots. */
  public static final int SLOTS = 90;

  /** The window of {@link RouteStats#ratePerSecond()} and the percentiles: six slots. */
  public static final Duration RECENT = Duration.ofMinutes(1);

  public static final int MAX_ROUTES = 256;

  public static final int MAX_REQUEST_POOLS = 64;

  public static final int MAX_SERVICES = 256;

  private static final long SLOT_MILLIS = SLOT.toMillis();
  private static final int RECENT_SLOTS = (int) (RECENT.toMillis() / SLOT_MILLIS);
  private static final String OTHER_METHOD = "_OTHER";

  private final Clock clock;
  private final Map<RouteKey, Route> routes = new HashMap<>();
  private final Map<String, Set<String>> requestPools = new TreeMap<>();
  private long untracked;

  public RouteModel() {
    this(Clock.systemUTC());
  }

  public RouteModel(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Takes in one span of an agent (see {@link #record(SpanRecord, Sender)}). */
  public void record(SpanRecord span) {
    record(span, Sender.AGENT);
  }

  /**
   * Takes in one span; only server spans count, and only those with a route feed the routes. Only
   * an agent's spans say which pools serve requests (and so which pools are tuned): another
   * sender's are shown in the routes, never steer.
   */
  public synchronized void record(SpanRecord span, Sender sender) {
    if (!span.server()) {
      return;
    }
    if (sender == Sender.AGENT) {
      span.attribute(TelemetryNames.EXECUTOR_NAME)
          .ifPresent(pool -> servedBy(span.service(), pool));
    }
    Optional<String> route = span.attribute(TelemetryNames.HTTP_ROUTE);
    if (route.isEmpty() || route.get().isEmpty()) {
      return;
    }
    String method =
        span.attribute(TelemetryNames.HTTP_REQUEST_METHOD)
            .or(() -> span.attribute(TelemetryNames.OLD_HTTP_METHOD))
            .orElse(OTHER_METHOD);
    RouteKey key = new RouteKey(span.service(), method, route.get());
    long now = clock.millis();
    long slot = now / SLOT_MILLIS;
    Route state = routes.get(key);
    if (state == null) {
      if (routes.size() >= MAX_ROUTES && !forgetOneSilentRoute(slot)) {
        untracked++;
        return;
      }
      state = new Route(slot);
      routes.put(key, state);
    }
    state.record(slot, span.durationNanos() / 1e9, failed(span), now);
  }

  private static boolean failed(SpanRecord span) {
    if (span.status().equals("ERROR")) {
      return true;
    }
    OptionalDouble code = span.number(TelemetryNames.HTTP_RESPONSE_STATUS_CODE);
    if (code.isEmpty()) {
      code = span.number(TelemetryNames.OLD_HTTP_STATUS_CODE);
    }
    return code.isPresent() && code.getAsDouble() >= 500;
  }

  private void servedBy(String service, String pool) {
    Set<String> pools = requestPools.get(service);
    if (pools == null) {
      if (requestPools.size() >= MAX_SERVICES) {
        return;
      }
      pools = new TreeSet<>();
      requestPools.put(service, pools);
    }
    if (pools.size() < MAX_REQUEST_POOLS) {
      pools.add(pool);
    }
  }

  private boolean forgetOneSilentRoute(long slot) {
    for (Iterator<Route> it = routes.values().iterator(); it.hasNext(); ) {
      if (it.next().lastSlot <= slot - SLOTS) {
        it.remove();
        return true;
      }
    }
    return false;
  }

  /** Every route, or those of one service, ordered by service, route, then method. */
  public synchronized List<RouteStats> routes(Optional<String> service) {
    long now = clock.millis();
    long slot = now / SLOT_MILLIS;
    long windowStart = (slot - RECENT_SLOTS + 1) * SLOT_MILLIS;
    List<RouteStats> stats = new ArrayList<>();
    routes.forEach(
        (key, route) -> {
          if (service.isPresent() && !service.get().equals(key.service())) {
            return;
          }
          long from = Math.max(windowStart, route.firstSlot * SLOT_MILLIS);
          double windowSeconds = Math.max(1, now - from) / 1000.0;
          ExponentialHistogram recent = ExponentialHistogram.empty(ExponentialBuckets.SCALE);
          long recentCount = 0;
          for (long s = slot - RECENT_SLOTS + 1; s <= slot; s++) {
            Slot held = route.slot(s);
            if (held != null) {
              recentCount += held.count;
              recent = recent.plus(held.durations.snapshot());
            }
          }
          stats.add(
              new RouteStats(
                  key,
                  route.count,
                  route.errors,
                  recentCount,
                  recentCount / windowSeconds,
                  recent.quantile(0.50),
                  recent.quantile(0.90),
                  recent.quantile(0.99),
                  Instant.ofEpochMilli(route.lastSeenMillis)));
        });
    stats.sort(Comparator.comparing(RouteStats::key));
    return List.copyOf(stats);
  }

  /** The slots of one route in the last 15 minutes that saw requests, oldest first. */
  public synchronized List<RouteSample> history(RouteKey key) {
    Route route = routes.get(key);
    if (route == null) {
      return List.of();
    }
    long slot = clock.millis() / SLOT_MILLIS;
    List<RouteSample> samples = new ArrayList<>();
    for (long s = slot - SLOTS + 1; s <= slot; s++) {
      Slot held = route.slot(s);
      if (held != null) {
        ExponentialHistogram durations = held.durations.snapshot();
        samples.add(
            new RouteSample(
                Instant.ofEpochMilli(s * SLOT_MILLIS),
                held.count,
                held.errors,
                durations.quantile(0.50),
                durations.quantile(0.99)));
      }
    }
    return List.copyOf(samples);
  }

  /** The pools of {@code service} that ran server spans. */
  public synchronized Set<String> requestPools(String service) {
    Set<String> pools = requestPools.get(service);
    return pools == null ? Set.of() : Set.copyOf(pools);
  }

  /** Server spans with a route that were not kept because {@link #MAX_ROUTES} were full. */
  public synchronized long untrackedSpans() {
    return untracked;
  }

  private static final class Route {
    final Slot[] slots = new Slot[SLOTS];
    final long firstSlot;
    long count;
    long errors;
    long lastSlot;
    long lastSeenMillis;

    Route(long firstSlot) {
      this.firstSlot = firstSlot;
    }

    void record(long slot, double seconds, boolean failed, long nowMillis) {
      int i = (int) Math.floorMod(slot, (long) SLOTS);
      if (slots[i] == null || slots[i].index != slot) {
        slots[i] = new Slot(slot);
      }
      slots[i].add(seconds, failed);
      count++;
      errors += failed ? 1 : 0;
      lastSlot = Math.max(lastSlot, slot);
      lastSeenMillis = Math.max(lastSeenMillis, nowMillis);
    }

    Slot slot(long index) {
      Slot held = slots[(int) Math.floorMod(index, (long) SLOTS)];
      return held != null && held.index == index ? held : null;
    }
  }

  private static final class Slot {
    final long index;
    final HistogramRecorder durations = new HistogramRecorder();
    long count;
    long errors;

    Slot(long index) {
      this.index = index;
    }

    void add(double seconds, boolean failed) {
      durations.record(seconds);
      count++;
      errors += failed ? 1 : 0;
    }
  }
}
