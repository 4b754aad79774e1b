package io.poolpilot.tuning.node;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Shares one node's processors between the services on it by class and weight, and caps the thread
 * pools of lower classes so that higher classes keep their objective. Fed one period at a time
 * ({@link #allocate}); no clock, no threads, not thread-safe (one caller, the sidecar's timer).
 *
 * <h2>The formula</h2>
 *
 * <ol>
 *   <li><b>Available:</b> {@code A = P − max(0, machine − Σ used)}: the node's processors less what
 *       processes other than the services use (the sidecar, a log shipper), which no cap can take
 *       back.
 *   <li><b>Claims:</b> a service needs {@code demand × CPU per task} (what it used, where that is
 *       unknown), at most its quota. Critical and standard services claim {@value #HEADROOM}× their
 *       need ({@value #MISSING_HEADROOM}× while missing their objective): a pool whose processors
 *       are 80% busy still queues little, one at 100% queues without bound. Batch claims its need.
 *   <li><b>Contention</b> starts when the claims exceed {@code A}, or when a critical or standard
 *       service misses its objective while the machine is at least {@value #BUSY} busy (then the
 *       CPU figures look fine but its tasks wait for a processor). It ends when the claims have
 *       stayed at most {@value #LIFT_BELOW}× {@code A} for {@value #LIFT_PERIODS} periods in a row:
 *       the gap and the wait keep a load that hovers at the edge from capping and lifting every
 *       period.
 *   <li><b>Shares</b> under contention: {@code (1 − }{@value #SPARE}{@code ) × A} is handed out
 *       class by class, strongest first; within a class by weight (water-filling: a service that
 *       claims less than its weighted part gets its claim, the rest is split again among the
 *       others). The spare tenth stays idle so that a critical task that arrives finds a processor
 *       rather than a run queue.
 *   <li><b>Caps</b> under contention, for a standard or batch service whose share is below its
 *       claim while a service of a higher class claims processors (services of one class only share
 *       by weight; nothing is capped for its peers): {@code max(1, ⌈share / c⌉)} threads per pool,
 *       where {@code c} is the CPU one busy thread of the service used while the node had room
 *       (learned from periods with the machine below {@value #UNCONTENDED_BELOW} busy; 1 until
 *       then, the CPU-bound case). Under contention {@code used / busy} says nothing: 64 threads on
 *       2 processors each look 3% busy. Rounded up: what protects the higher class is a short run
 *       queue (the scheduler shares processors between runnable threads), and rounding down would
 *       leave part of the share idle. At least one thread, so a capped service keeps serving what
 *       the processors leave it. A cap is tightened at once (the critical service is waiting) and
 *       loosened only when {@value #LOOSEN_PERIODS} periods in a row ask for a step of at least a
 *       quarter (or one thread), to the least of them: on a busy 2-processor machine what the
 *       neighbours leave moves by a few tenths of a processor every second, and a cap that followed
 *       it went 3, 5, 4, 5, 3 in five seconds.
 *   <li>When contention ends every cap is lifted.
 * </ol>
 */
public final class NodeBudgetAllocator {

  /** A claim's headroom over need: at 80% busy a share still queues little. */
  static final double HEADROOM = 1.25;

  /** The headroom of a service that misses its objective: it needs more than it shows. */
  static final double MISSING_HEADROOM = 1.5;

  /** Machine use, over the processors, at which a missed objective counts as contention. */
  static final double BUSY = 0.9;

  /** Claims at most this fraction of what is available, for {@link #LIFT_PERIODS}: lift caps. */
  static final double LIFT_BELOW = 0.8;

  /** Periods of room in a row before caps are lifted. */
  static final int LIFT_PERIODS = 5;

  /** Part of the available processors left unallocated under contention. */
  static final double SPARE = 0.1;

  /** Machine use below which a thread's CPU is measured without waiting for a processor. */
  static final double UNCONTENDED_BELOW = 0.8;

  /** Periods in a row that must ask for a looser cap before it is loosened. */
  static final int LOOSEN_PERIODS = 3;

  /** Least CPU a busy thread is taken to use: keeps a cap finite for threads that mostly wait. */
  static final double MIN_CORES_PER_THREAD = 0.05;

  private boolean contended;
  private int calmPeriods;
  private final Map<String, Integer> caps = new HashMap<>();
  private final Map<String, Double> coresPerThread = new HashMap<>();
  private final Map<String, int[]> loosening = new HashMap<>();

  /**
   * Shares the node for one period.
   *
   * @param loads each service on the node, once
   * @throws IllegalArgumentException if a service appears twice
   */
  public NodeAllocation allocate(NodeProcessors node, List<ServiceLoad> loads) {
    Set<String> names = new HashSet<>();
    for (ServiceLoad load : loads) {
      if (!names.add(load.service())) {
        throw new IllegalArgumentException("service " + load.service() + " appears twice");
      }
    }
    caps.keySet().retainAll(names);
    loosening.keySet().retainAll(names);
    coresPerThread.keySet().retainAll(names);
    double used = loads.stream().mapToDouble(ServiceLoad::usedCores).sum();
    double outside = Math.max(0, node.machineUsedCores() - used);
    double available = Math.max(0, node.processors() - outside);
    boolean roomy = node.machineUsedCores() < UNCONTENDED_BELOW * node.processors();
    if (roomy) {
      learn(loads);
    }
    double[] claims = new double[loads.size()];
    double claimed = 0;
    boolean higherMissing = false;
    for (int i = 0; i < loads.size(); i++) {
      ServiceLoad load = loads.get(i);
      claims[i] = claim(load);
      claimed += claims[i];
      higherMissing |= load.serviceClass() != ServiceClass.BATCH && load.missingObjective();
    }
    boolean pressed =
        claimed > available
            || (higherMissing
                && hasLowerClass(loads)
                && node.machineUsedCores() >= BUSY * node.processors());
    updateContention(pressed, claimed <= LIFT_BELOW * available);
    double[] shares = contended ? share(loads, claims, (1 - SPARE) * available) : claims.clone();
    List<ServiceShare> result = new ArrayList<>();
    for (int i = 0; i < loads.size(); i++) {
      ServiceLoad load = loads.get(i);
      List<String> higher = higherThan(load, loads);
      OptionalInt cap =
          contended && !higher.isEmpty() ? cap(load, claims[i], shares[i]) : OptionalInt.empty();
      result.add(
          new ServiceShare(
              load.service(),
              load.serviceClass(),
              load.weight(),
              load.needCores(),
              claims[i],
              shares[i],
              load.usedCores(),
              cap,
              cap.isPresent() ? higher : List.of()));
    }
    if (!contended) {
      caps.clear();
      loosening.clear();
    }
    return new NodeAllocation(node.processors(), available, claimed, contended, result);
  }

  private static double claim(ServiceLoad load) {
    double need = load.needCores();
    return switch (load.serviceClass()) {
      case BATCH -> need;
      case CRITICAL, STANDARD -> need * (load.missingObjective() ? MISSING_HEADROOM : HEADROOM);
    };
  }

  private void learn(List<ServiceLoad> loads) {
    for (ServiceLoad load : loads) {
      if (load.busyThreads() >= 1 && load.usedCores() > 0) {
        double perThread = load.usedCores() / load.busyThreads();
        coresPerThread.put(load.service(), Math.max(MIN_CORES_PER_THREAD, Math.min(1, perThread)));
      }
    }
  }

  private void updateContention(boolean pressed, boolean roomy) {
    if (pressed) {
      contended = true;
      calmPeriods = 0;
    } else if (contended && roomy) {
      calmPeriods++;
      if (calmPeriods >= LIFT_PERIODS) {
        contended = false;
        calmPeriods = 0;
      }
    } else {
      calmPeriods = 0;
    }
  }

  /** Hands {@code amount} out class by class, strongest first, by weight within a class. */
  private static double[] share(List<ServiceLoad> loads, double[] claims, double amount) {
    double[] shares = new double[loads.size()];
    double left = amount;
    for (ServiceClass serviceClass : ServiceClass.values()) {
      List<Integer> members = new ArrayList<>();
      for (int i = 0; i < loads.size(); i++) {
        if (loads.get(i).serviceClass() == serviceClass) {
          members.add(i);
        }
      }
      left -= waterFill(loads, claims, members, left, shares);
    }
    return shares;
  }

  /** Weighted water-filling of {@code amount} among {@code members}; returns what was handed. */
  private static double waterFill(
      List<ServiceLoad> loads,
      double[] claims,
      List<Integer> members,
      double amount,
      double[] shares) {
    List<Integer> open = new ArrayList<>(members);
    double left = Math.max(0, amount);
    double handed = 0;
    while (!open.isEmpty() && left > 0) {
      double weights = open.stream().mapToDouble(i -> loads.get(i).weight()).sum();
      double perWeight = left / weights;
      List<Integer> satisfied = new ArrayList<>();
      for (int i : open) {
        if (claims[i] <= perWeight * loads.get(i).weight()) {
          satisfied.add(i);
        }
      }
      if (satisfied.isEmpty()) {
        for (int i : open) {
          shares[i] = perWeight * loads.get(i).weight();
        }
        return handed + left;
      }
      for (int i : satisfied) {
        shares[i] = claims[i];
        left -= claims[i];
        handed += claims[i];
      }
      open.removeAll(satisfied);
    }
    return handed;
  }

  private OptionalInt cap(ServiceLoad load, double claim, double share) {
    Integer old = caps.get(load.service());
    boolean squeezed = share < claim - 1e-9;
    if (load.serviceClass() == ServiceClass.CRITICAL || (old == null && !squeezed)) {
      caps.remove(load.service());
      return OptionalInt.empty();
    }
    double perThread = coresPerThread.getOrDefault(load.service(), 1.0);
    int target = (int) Math.max(1, Math.ceil(share / perThread - 1e-9));
    int cap;
    if (old == null) {
      if (target >= load.threads()) {
        return OptionalInt.empty();
      }
      cap = target;
    } else if (target < old) {
      cap = target;
    } else if (target >= old + Math.max(1, old / 4)) {
      // {periods asking in a row, the least they asked for}
      int[] asking = loosening.computeIfAbsent(load.service(), s -> new int[] {0, target});
      asking[0]++;
      asking[1] = Math.min(asking[1], target);
      cap = asking[0] >= LOOSEN_PERIODS ? asking[1] : old;
    } else {
      cap = old;
    }
    if (old == null || cap != old || target < old + Math.max(1, old / 4)) {
      loosening.remove(load.service());
    }
    caps.put(load.service(), cap);
    return OptionalInt.of(cap);
  }

  private static boolean hasLowerClass(List<ServiceLoad> loads) {
    return loads.stream().anyMatch(l -> l.serviceClass() != ServiceClass.CRITICAL);
  }

  /** The services of a higher class than {@code load} that claim processors, by name. */
  private static List<String> higherThan(ServiceLoad load, List<ServiceLoad> loads) {
    return loads.stream()
        .filter(l -> l.serviceClass().compareTo(load.serviceClass()) < 0 && l.needCores() > 0)
        .map(ServiceLoad::service)
        .sorted()
        .toList();
  }
}
