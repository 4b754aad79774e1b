package io.poolpilot.sidecar.node;

import io.poolpilot.protocol.control.AgentReport;
import io.poolpilot.protocol.control.ReportedPool;
import io.poolpilot.sidecar.journal.Journal;
import io.poolpilot.sidecar.journal.JournalEntry;
import io.poolpilot.sidecar.model.InstanceKey;
import io.poolpilot.sidecar.model.PoolModel;
import io.poolpilot.sidecar.model.ProcessModel;
import io.poolpilot.tuning.PoolObservation;
import io.poolpilot.tuning.node.NodeAllocation;
import io.poolpilot.tuning.node.NodeBudgetAllocator;
import io.poolpilot.tuning.node.NodeProcessors;
import io.poolpilot.tuning.node.ServiceLoad;
import io.poolpilot.tuning.node.ServiceShare;
import io.poolpilot.tuning.telemetry.ObservationConverter;
import io.poolpilot.tuning.telemetry.PoolReading;
import io.poolpilot.tuning.telemetry.ProcessFigures;
import io.poolpilot.tuning.telemetry.ProcessReading;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The sidecar's node budget: once a {@link #PERIOD}, on the decision loops' timer, it reads every
 * instance that reports to this sidecar from the model (process CPU and processors, the machine's
 * CPU, and the tuned pools' arrivals, completions, busy threads and queue wait), sums them per
 * service, has the {@link NodeBudgetAllocator} share the node, and publishes each capped service's
 * thread cap for the decision loops ({@link #cap}), where it ranks below a pin and above the tuner.
 * Every cap set, changed or lifted is journaled with its numbers before it takes effect; one the
 * journal refused does not.
 *
 * <p>The pools it counts are the ones the tuner would tune: resizable, and serving requests or
 * named in {@code tuning.include}. It caps a service's worker pools (included, no request runs on
 * them) where it has any, else its request pools: where request threads hand their work to a worker
 * pool they only wait, and a request pool also holds the server's own threads (Jetty's selectors
 * and acceptors), which a cap of two would starve. Thread-safe; {@link #runDue} blocks on the
 * journal, so it runs on a worker, as the decision loops do.
 */
public final class NodeBudget {

  /** The allocation period: the control period, so caps follow the tuner's pace. */
  public static final Duration PERIOD = Duration.ofSeconds(1);

  /** Allocations kept for {@code /api/node}: 15 minutes at one a period, as the pools' history. */
  static final int HISTORY = 900;

  private final NodeSettings settings;
  private final Journal journal;
  private final Clock clock;
  private final int defaultProcessors;
  private final PoolModel pools;
  private final ProcessModel processes;
  private final Supplier<Map<InstanceKey, AgentReport>> agents;
  private final Function<String, Set<String>> servingPools;
  private final Set<String> include;
  private final Consumer<String> capsChanged;
  private final NodeBudgetAllocator allocator = new NodeBudgetAllocator();
  private final Map<InstanceKey, Map<String, PoolReading>> lastReadings = new HashMap<>();
  private final Map<InstanceKey, Map<String, PoolObservation>> lastObservations = new HashMap<>();
  private final Map<String, Integer> caps = new HashMap<>();
  private final ArrayDeque<NodeSample> history = new ArrayDeque<>();
  private volatile Map<String, Integer> published = Map.of();
  private volatile Map<String, Set<String>> cappedPools = Map.of();
  private volatile Map<String, List<String>> cappedFor = Map.of();
  private Instant lastRun;
  private volatile String lastError = "";

  /**
   * @param agents the latest control report of every instance, for its pools and their sizes
   * @param servingPools a service's pools that requests run on
   * @param include the pools {@code tuning.include} names
   * @param capsChanged told the service whose cap was set, changed or lifted, so that its
   *     instances' desired states are resolved again
   */
  public NodeBudget(
      NodeSettings settings,
      Journal journal,
      Clock clock,
      int defaultProcessors,
      PoolModel pools,
      ProcessModel processes,
      Supplier<Map<InstanceKey, AgentReport>> agents,
      Function<String, Set<String>> servingPools,
      Set<String> include,
      Consumer<String> capsChanged) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.journal = Objects.requireNonNull(journal, "journal");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.defaultProcessors = Math.max(1, defaultProcessors);
    this.pools = Objects.requireNonNull(pools, "pools");
    this.processes = Objects.requireNonNull(processes, "processes");
    this.agents = Objects.requireNonNull(agents, "agents");
    this.servingPools = Objects.requireNonNull(servingPools, "servingPools");
    this.include = Set.copyOf(include);
    this.capsChanged = Objects.requireNonNull(capsChanged, "capsChanged");
  }

  /**
   * Shares the node if a period has passed since the last allocation.
   *
   * @return whether it ran
   */
  public synchronized boolean runDue() {
    Instant now = clock.instant();
    if (lastRun != null && Duration.between(lastRun, now).compareTo(PERIOD) < 0) {
      return false;
    }
    lastRun = now;
    try {
      allocate(now);
    } catch (RuntimeException e) {
      // Bad figures must not stop the sidecar: the caps in force stay until the next period.
      lastError = e.toString();
      return false;
    }
    return true;
  }

  /** The most threads {@code pool} of {@code service} may hold; empty when it is not capped. */
  public OptionalInt cap(String service, String pool) {
    Integer cap = published.get(service);
    return cap != null && cappedPools.getOrDefault(service, Set.of()).contains(pool)
        ? OptionalInt.of(cap)
        : OptionalInt.empty();
  }

  /**
   * What a capacity request for {@code service} should say about the node budget: that it was
   * capped, to what and for whom; empty when it is not capped.
   */
  public Optional<String> note(String service) {
    Integer cap = published.get(service);
    if (cap == null) {
      return Optional.empty();
    }
    return Optional.of(
        "capped by the node budget to "
            + threads(cap)
            + " a pool for "
            + String.join(", ", cappedFor.getOrDefault(service, List.of())));
  }

  /** The allocations of the last 15 minutes, oldest first. */
  public synchronized List<NodeSample> history() {
    return List.copyOf(history);
  }

  /** Why the last allocation failed, empty when it did not. */
  public String lastError() {
    return lastError;
  }

  /** The declarations the budget works with. */
  public NodeSettings settings() {
    return settings;
  }

  private void allocate(Instant now) {
    Map<InstanceKey, AgentReport> reports = agents.get();
    lastReadings.keySet().retainAll(reports.keySet());
    lastObservations.keySet().retainAll(reports.keySet());
    Map<String, ServiceFigures> services = new TreeMap<>();
    int processors = 0;
    double machine = 0;
    for (Map.Entry<InstanceKey, AgentReport> entry : reports.entrySet()) {
      InstanceKey key = entry.getKey();
      ProcessReading process = processes.reading(key).orElse(ProcessReading.UNKNOWN);
      int instanceProcessors = process.processors() > 0 ? process.processors() : defaultProcessors;
      processors = Math.max(processors, instanceProcessors);
      machine = Math.max(machine, process.systemCpuUtilization() * instanceProcessors);
      ServiceFigures figures = services.computeIfAbsent(key.service(), s -> new ServiceFigures());
      figures.used += process.cpuUtilization() * instanceProcessors;
      figures.quota += instanceProcessors;
      observe(key, entry.getValue(), process, instanceProcessors, figures);
    }
    if (services.isEmpty()) {
      return;
    }
    processors = processors > 0 ? processors : defaultProcessors;
    double used = services.values().stream().mapToDouble(f -> f.used).sum();
    NodeProcessors node = new NodeProcessors(processors, machine > 0 ? machine : used);
    List<ServiceLoad> loads = new ArrayList<>();
    for (Map.Entry<String, ServiceFigures> entry : services.entrySet()) {
      loads.add(entry.getValue().load(entry.getKey(), settings.spec(entry.getKey()), processors));
    }
    NodeAllocation allocation = allocator.allocate(node, loads);
    apply(now, allocation, services);
    lastError = "";
    history.addLast(NodeSample.of(now, node, allocation, published));
    while (history.size() > HISTORY) {
      history.removeFirst();
    }
  }

  private void observe(
      InstanceKey key,
      AgentReport report,
      ProcessReading process,
      int processors,
      ServiceFigures figures) {
    Map<String, PoolReading> readings = pools.readings(key);
    Map<String, PoolReading> last = lastReadings.computeIfAbsent(key, k -> new HashMap<>());
    Map<String, PoolObservation> observed =
        lastObservations.computeIfAbsent(key, k -> new HashMap<>());
    Set<String> serving = servingPools.apply(key.service());
    ProcessFigures cpu = new ProcessFigures(process.cpuUtilization(), processors, 0, 0);
    Set<String> reported = new HashSet<>();
    for (ReportedPool pool : report.pools()) {
      if (!pool.resizable()
          || pool.max() < 1
          || !(serving.contains(pool.name()) || include.contains(pool.name()))) {
        continue;
      }
      reported.add(pool.name());
      boolean worker = !serving.contains(pool.name());
      figures.sizes.put(pool.name(), pool.max());
      if (worker) {
        figures.workers.add(pool.name());
      }
      PoolReading reading = readings.get(pool.name());
      if (reading == null) {
        continue;
      }
      PoolReading earlier = last.get(pool.name());
      if (earlier == null) {
        last.put(pool.name(), reading);
        continue;
      }
      ObservationConverter.observe(pool.name(), earlier, reading, pool.core(), pool.max(), cpu)
          .ifPresent(
              observation -> {
                last.put(pool.name(), reading);
                observed.put(pool.name(), observation);
              });
      // No new telemetry this period: the pool's last period stands for it.
      PoolObservation latest = observed.get(pool.name());
      if (latest != null) {
        figures.add(latest, worker);
      }
    }
    last.keySet().retainAll(reported);
    observed.keySet().retainAll(reported);
  }

  private void apply(Instant now, NodeAllocation allocation, Map<String, ServiceFigures> services) {
    Set<String> changed = new HashSet<>();
    Map<String, List<String>> forWhom = new HashMap<>(cappedFor);
    for (ServiceShare share : allocation.shares()) {
      Integer previous = caps.get(share.service());
      int next = share.threadCap().orElse(-1);
      if (previous == null ? next < 0 : previous == next) {
        if (next > 0) {
          forWhom.put(share.service(), share.cappedFor());
        }
        continue;
      }
      if (!journal(now, allocation, share, previous == null ? -1 : previous, next)) {
        continue;
      }
      if (next < 0) {
        caps.remove(share.service());
        forWhom.remove(share.service());
      } else {
        caps.put(share.service(), next);
        forWhom.put(share.service(), share.cappedFor());
      }
      changed.add(share.service());
    }
    for (String gone : List.copyOf(caps.keySet())) {
      if (!services.containsKey(gone)) {
        caps.remove(gone);
        forWhom.remove(gone);
        changed.add(gone);
      }
    }
    Map<String, Set<String>> capped = new HashMap<>();
    caps.keySet().forEach(service -> capped.put(service, services.get(service).capped()));
    cappedPools = Map.copyOf(capped);
    cappedFor = Map.copyOf(forWhom);
    published = Map.copyOf(caps);
    changed.forEach(capsChanged);
  }

  private boolean journal(
      Instant now, NodeAllocation allocation, ServiceShare share, int previous, int next) {
    String reason =
        next < 0
            ? String.format(
                Locale.ROOT,
                "lifted %s's cap of %s a pool: the services claim %.2f of %.2f processors"
                    + " available",
                share.service(),
                threads(previous),
                allocation.reservedCores(),
                allocation.availableCores())
            : String.format(
                Locale.ROOT,
                "%s %s (%s) to %s a pool for %s: the services claim %.2f of %.2f processors"
                    + " available (%d on the node); it needs %.2f, uses %.2f, gets %.2f",
                previous < 0 ? "capped" : "moved the cap of",
                share.service(),
                share.serviceClass().label(),
                threads(next),
                String.join(", ", share.cappedFor()),
                allocation.reservedCores(),
                allocation.availableCores(),
                allocation.processors(),
                share.needCores(),
                share.usedCores(),
                share.shareCores());
    try {
      journal.append(
          new JournalEntry.NodeCapped(
              now,
              share.service(),
              next,
              previous,
              allocation.processors(),
              allocation.availableCores(),
              share.needCores(),
              share.shareCores(),
              share.usedCores(),
              next < 0 ? List.of() : share.cappedFor(),
              reason));
      return true;
    } catch (IOException e) {
      // The journal says once that it cannot be written; an unjournaled cap does not take effect.
      return false;
    }
  }

  private static String threads(int count) {
    return count + (count == 1 ? " thread" : " threads");
  }

  /** One service's figures of a period, summed over its instances on the node. */
  private static final class ServiceFigures {
    double used;
    int quota;
    double arrivals;
    double completions;
    double busyRequest;
    double busyWorker;
    double waitP99;
    final Map<String, Integer> sizes = new HashMap<>();
    final Set<String> workers = new HashSet<>();

    void add(PoolObservation observation, boolean worker) {
      arrivals += observation.arrivalsPerSecond();
      completions += observation.completionsPerSecond();
      if (worker) {
        busyWorker += observation.busyThreads();
      } else {
        busyRequest += observation.busyThreads();
      }
      waitP99 = Math.max(waitP99, observation.queueWaitP99Seconds());
    }

    /** The pools a cap applies to: the worker pools where there are any, else the request pools. */
    Set<String> capped() {
      return workers.isEmpty() ? Set.copyOf(sizes.keySet()) : Set.copyOf(workers);
    }

    /**
     * Nested pools (a request thread that waits for a worker) count a request twice in both
     * arrivals and completions; demand × CPU per task cancels that out.
     */
    ServiceLoad load(String service, ServiceSpec spec, int processors) {
      return new ServiceLoad(
          service,
          spec.serviceClass(),
          spec.weight(),
          arrivals,
          completions > 0 ? used / completions : 0,
          used,
          workers.isEmpty() ? busyRequest : busyWorker,
          capped().stream().mapToInt(sizes::get).sum(),
          Math.max(1, Math.min(quota, processors)),
          waitP99 > spec.objective().toNanos() / 1e9);
    }
  }
}
