package io.poolpilot.tuning.eval.node;

import io.poolpilot.tuning.node.NodeAllocation;
import io.poolpilot.tuning.node.NodeBudgetAllocator;
import io.poolpilot.tuning.node.NodeProcessors;
import io.poolpilot.tuning.node.ServiceClass;
import io.poolpilot.tuning.node.ServiceLoad;
import io.poolpilot.tuning.node.ServiceShare;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.SplittableRandom;

/**
 * Services sharing one node's processors, each with a thread pool, stepped in {@link #STEP}s: the
 * two-service scenario of the node budget (a batch and a critical service on shared processors).
 *
 * <p>Tasks arrive as a Poisson process and each needs an exponentially distributed amount of CPU. A
 * pool runs at most its thread limit of tasks (the rest wait in its bounded queue, beyond which
 * they are refused), and the processors are shared equally by every running task of every service,
 * as a fair scheduler shares them between runnable threads: each advances at {@code min(1, P / n)}
 * of a processor. That is what makes a pool of 64 CPU-bound threads starve a service with two.
 *
 * <p>With the budget on, each second the figures a sidecar would read (arrivals, CPU used, CPU per
 * completed task, busy threads, the critical service's response p99 against its objective) go to
 * the {@link NodeBudgetAllocator}, and a capped service starts no task beyond its cap (tasks
 * already running finish, as a shrinking {@code ThreadPoolExecutor}'s threads do). Deterministic
 * for a seed; no clock, no threads.
 */
public final class SharedNode {

  /** The simulation step: a millisecond, well below the tasks' CPU times. */
  static final double STEP = 0.001;

  /** One service of the node. */
  public record Service(
      String name,
      ServiceClass serviceClass,
      double arrivalsPerSecond,
      double cpuSecondsPerTask,
      int threads,
      int queueCapacity) {
    public Service {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(serviceClass, "serviceClass");
      if (!(arrivalsPerSecond >= 0) || !(cpuSecondsPerTask > 0) || threads < 1) {
        throw new IllegalArgumentException(
            name + ": arrivals, CPU per task and threads must be positive");
      }
    }
  }

  /**
   * What one service did after the warm-up.
   *
   * @param withinObjectivePerSecond tasks answered within the objective, per second
   * @param cpu processors it used on average
   * @param caps the cap of each second (0 while uncapped), warm-up included
   */
  public record Outcome(
      String name, double withinObjectivePerSecond, double cpu, int rejected, List<Integer> caps) {}

  private static final class Pool {
    final Service service;
    final ArrayDeque<double[]> queue = new ArrayDeque<>();
    final List<double[]> running = new ArrayList<>();
    int limit;
    double nextArrival;
    // this period
    int arrivals;
    int completions;
    double cpu;
    final List<Double> responses = new ArrayList<>();
    // after the warm-up
    long within;
    double cpuTotal;
    int rejected;
    final List<Integer> caps = new ArrayList<>();

    Pool(Service service, SplittableRandom random) {
      this.service = service;
      this.limit = service.threads();
      this.nextArrival = exponential(random, 1 / Math.max(1e-9, service.arrivalsPerSecond()));
    }
  }

  private SharedNode() {}

  /**
   * Runs the services for {@code seconds}, measuring after {@code warmup}.
   *
   * @param objectiveSeconds the response time (queue wait and run) a task must meet to count
   * @param budget whether the node budget caps the pools
   */
  public static List<Outcome> run(
      long seed,
      int processors,
      List<Service> services,
      double objectiveSeconds,
      double seconds,
      double warmup,
      boolean budget) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Pool> pools = services.stream().map(s -> new Pool(s, random)).toList();
    NodeBudgetAllocator allocator = new NodeBudgetAllocator();
    long steps = Math.round(seconds / STEP);
    long perSecond = Math.round(1 / STEP);
    for (long step = 1; step <= steps; step++) {
      double now = step * STEP;
      boolean measuring = now > warmup;
      for (Pool pool : pools) {
        arrive(pool, now, random);
        while (pool.running.size() < pool.limit && !pool.queue.isEmpty()) {
          pool.running.add(pool.queue.poll());
        }
      }
      int runnable = pools.stream().mapToInt(p -> p.running.size()).sum();
      double rate = runnable == 0 ? 0 : Math.min(1, (double) processors / runnable);
      for (Pool pool : pools) {
        for (int i = pool.running.size() - 1; i >= 0; i--) {
          double[] task = pool.running.get(i);
          task[1] -= rate * STEP;
          pool.cpu += rate * STEP;
          if (task[1] <= 0) {
            pool.running.remove(i);
            pool.completions++;
            double response = now - task[0];
            pool.responses.add(response);
            if (measuring && response <= objectiveSeconds) {
              pool.within++;
            }
          }
        }
        if (measuring) {
          pool.cpuTotal += runnable == 0 ? 0 : rate * STEP * pool.running.size();
        }
      }
      if (step % perSecond == 0) {
        period(pools, processors, objectiveSeconds, allocator, budget);
      }
    }
    double measured = seconds - warmup;
    List<Outcome> outcomes = new ArrayList<>();
    for (Pool pool : pools) {
      outcomes.add(
          new Outcome(
              pool.service.name(),
              pool.within / measured,
              pool.cpuTotal / measured,
              pool.rejected,
              List.copyOf(pool.caps)));
    }
    return outcomes;
  }

  private static void arrive(Pool pool, double now, SplittableRandom random) {
    Service service = pool.service;
    if (service.arrivalsPerSecond() <= 0) {
      return;
    }
    while (pool.nextArrival <= now) {
      pool.arrivals++;
      if (pool.queue.size() >= service.queueCapacity()) {
        pool.rejected++;
      } else {
        pool.queue.add(
            new double[] {pool.nextArrival, exponential(random, service.cpuSecondsPerTask())});
      }
      pool.nextArrival += exponential(random, 1 / service.arrivalsPerSecond());
    }
  }

  /** One second's figures to the allocator, its caps to the pools; the period starts afresh. */
  private static void period(
      List<Pool> pools,
      int processors,
      double objectiveSeconds,
      NodeBudgetAllocator allocator,
      boolean budget) {
    List<ServiceLoad> loads = new ArrayList<>();
    double machine = 0;
    for (Pool pool : pools) {
      machine += pool.cpu;
      loads.add(
          new ServiceLoad(
              pool.service.name(),
              pool.service.serviceClass(),
              1,
              pool.arrivals,
              pool.completions > 0 ? pool.cpu / pool.completions : 0,
              pool.cpu,
              pool.running.size(),
              pool.service.threads(),
              processors,
              p99(pool.responses) > objectiveSeconds));
    }
    if (budget) {
      NodeAllocation allocation =
          allocator.allocate(new NodeProcessors(processors, Math.min(processors, machine)), loads);
      for (Pool pool : pools) {
        OptionalInt cap =
            allocation
                .share(pool.service.name())
                .map(ServiceShare::threadCap)
                .orElse(OptionalInt.empty());
        pool.limit = cap.orElse(pool.service.threads());
      }
    }
    for (Pool pool : pools) {
      pool.caps.add(pool.limit < pool.service.threads() ? pool.limit : 0);
      pool.arrivals = 0;
      pool.completions = 0;
      pool.cpu = 0;
      pool.responses.clear();
    }
  }

  private static double p99(List<Double> values) {
    if (values.isEmpty()) {
      return 0;
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.99) - 1)];
  }

  private static double exponential(SplittableRandom random, double mean) {
    return -mean * Math.log(1 - random.nextDouble());
  }
}
