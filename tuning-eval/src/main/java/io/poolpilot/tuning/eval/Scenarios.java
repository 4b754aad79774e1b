package io.poolpilot.tuning.eval;

import static io.poolpilot.tuning.sim.Distribution.exponential;
import static io.poolpilot.tuning.sim.Distribution.lognormal;
import static io.poolpilot.tuning.sim.Distribution.none;

import io.poolpilot.tuning.sim.Downstream;
import io.poolpilot.tuning.sim.Machine;
import io.poolpilot.tuning.sim.Phase;
import io.poolpilot.tuning.sim.Scenario;
import io.poolpilot.tuning.sim.TaskProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The scenarios of issues 5 and 14, with their phases, loads and seeds fixed here and listed in
 * {@code docs/tuning.md}.
 *
 * <p>Every scenario runs on a 2-processor machine (the size of the machines this project is
 * measured on) where each runnable thread beyond the processors costs 2% of processor capacity
 * (context switches, cache misses) and each live thread 0.05% of a processor (so 200 idle threads
 * take a tenth of one). Every pool starts at 8 threads (Spring Boot's default task executor core
 * size), may grow to 200 (Tomcat's default maximum), queues up to 500 tasks and is asked every
 * second. A task is good when it waited at most 50 ms (the default objective) and ended within the
 * scenario's latency objective, so a pool that moves the waiting from its queue into its threads
 * gains nothing. Every pool is a request pool and keeps a floor of {@value #REQUEST_FLOOR} threads,
 * as the sidecar keeps one for pools that serve requests; the oracle obeys the same floor.
 */
public final class Scenarios {

  static final List<Long> SEEDS = List.of(11L, 23L, 37L);
  static final Machine TWO_PROCESSORS = new Machine(2, 0.02, 0.0005);
  static final int QUEUE_CAPACITY = 500;
  static final int INITIAL_SIZE = 8;
  static final int REQUEST_FLOOR = 2;
  static final int MAX_SIZE = 200;
  static final double WAIT_OBJECTIVE = 0.050;
  static final double PERIOD = 1.0;

  private static final TaskProfile IO_BOUND =
      TaskProfile.of(exponential(0.002), exponential(0.060));
  private static final TaskProfile CPU_BOUND =
      TaskProfile.of(exponential(0.010), exponential(0.003));

  private Scenarios() {}

  /** All scenarios, in the order of the table. */
  public static List<EvaluationScenario> all() {
    return List.of(
        stepUpDown(),
        slowRamp(),
        ioToCpu(),
        heavyTail(),
        downstreamSaturation(),
        conflictingPhases(),
        cpuSaturation(),
        noisyNeighbour(),
        overload(),
        bursts(),
        smallPoolTail(),
        downstreamLimit());
  }

  /**
   * I/O-bound work whose load quadruples for a minute and falls back. Best sizes about 9, 30, 9.
   */
  static EvaluationScenario stepUpDown() {
    Scenario scenario =
        scenario(
            "step",
            Downstream.NONE,
            0.5,
            Phase.steady("low", 60, 100, IO_BOUND),
            Phase.steady("high", 60, 400, IO_BOUND),
            Phase.steady("low-again", 60, 100, IO_BOUND));
    return stepped(scenario, "I/O-bound (2 ms CPU + 60 ms wait), 100 → 400 → 100 tasks/s");
  }

  /** The same work with the load rising slowly from 50 to 500 tasks/s over five minutes. */
  static EvaluationScenario slowRamp() {
    List<Phase> segments = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      segments.add(new Phase("ramp-" + (i + 1), 30, 50 + 45 * i, 50 + 45 * (i + 1), IO_BOUND));
    }
    Scenario scenario = scenario("ramp", Downstream.NONE, 0.5, segments.toArray(Phase[]::new));
    return new EvaluationScenario(
        scenario,
        "I/O-bound, 50 → 500 tasks/s over 300 s (oracle per 30 s segment)",
        SEEDS,
        false,
        Set.of());
  }

  /**
   * I/O-bound work turns CPU-bound at 80% of the processors and back. Past about 6 threads the CPU
   * phase pays for switching and tips into overload: more threads hurt.
   */
  static EvaluationScenario ioToCpu() {
    TaskProfile io = TaskProfile.of(exponential(0.002), exponential(0.080));
    Scenario scenario =
        scenario(
            "io-to-cpu",
            Downstream.NONE,
            0.3,
            Phase.steady("io", 90, 250, io),
            Phase.steady("cpu", 90, 160, CPU_BOUND),
            Phase.steady("io-again", 60, 250, io));
    return stepped(
        scenario,
        "250 tasks/s of 2 ms CPU + 80 ms wait, then 160 tasks/s of 10 ms CPU + 3 ms wait (80% CPU), then back");
  }

  /** Log-normal service times with a heavy tail (p99 ten times the mean), 200 then 300 tasks/s. */
  static EvaluationScenario heavyTail() {
    TaskProfile heavy = TaskProfile.of(lognormal(0.003, 2), lognormal(0.040, 3));
    Scenario scenario =
        scenario(
            "heavy-tail",
            Downstream.NONE,
            1.0,
            Phase.steady("200/s", 120, 200, heavy),
            Phase.steady("300/s", 120, 300, heavy));
    return stepped(scenario, "log-normal 3 ms CPU (cv 2) + 40 ms wait (cv 3), 200 → 300 tasks/s");
  }

  /**
   * Every task calls a downstream with 10 slots and 25 ms calls (400 calls/s at best); each call
   * waiting for a slot slows the others by 10%. N* ≈ 10: more threads only wait for slots and slow
   * the downstream down.
   */
  static EvaluationScenario downstreamSaturation() {
    TaskProfile call = new TaskProfile(exponential(0.001), none(), exponential(0.025));
    Scenario scenario =
        scenario(
            "downstream",
            new Downstream(10, 0.10),
            0.25,
            Phase.steady("200/s", 60, 200, call),
            Phase.steady("300/s", 180, 300, call));
    return stepped(
        scenario, "1 ms CPU + 25 ms downstream call, 10 slots (N* ≈ 10), 200 → 300 tasks/s");
  }

  /**
   * Minutes of slow I/O (best about 36 threads) alternate with minutes of downstream calls behind 6
   * slots (best about 6; more threads collapse the downstream): no single size serves both.
   */
  static EvaluationScenario conflictingPhases() {
    TaskProfile slowIo = TaskProfile.of(exponential(0.001), exponential(0.100));
    TaskProfile call = new TaskProfile(exponential(0.001), none(), exponential(0.030));
    Scenario scenario =
        scenario(
            "conflicting",
            new Downstream(6, 0.15),
            0.4,
            Phase.steady("io-1", 60, 300, slowIo),
            Phase.steady("downstream-1", 60, 150, call),
            Phase.steady("io-2", 60, 300, slowIo),
            Phase.steady("downstream-2", 60, 150, call));
    return stepped(
        scenario,
        "300 tasks/s of 100 ms I/O, then 150 tasks/s of 30 ms calls to 6 slots, twice over");
  }

  /**
   * CPU-bound work at 60% of the processors, then two minutes at 120% that no pool size can serve
   * (the answer is more capacity, not threads), then 60% again.
   */
  static EvaluationScenario cpuSaturation() {
    TaskProfile cpu = TaskProfile.of(exponential(0.008), exponential(0.004));
    Scenario scenario =
        scenario(
            "cpu-saturation",
            Downstream.NONE,
            0.3,
            Phase.steady("60%", 60, 150, cpu),
            Phase.steady("120%", 120, 300, cpu),
            Phase.steady("60%-again", 60, 150, cpu));
    return new EvaluationScenario(
        scenario,
        "8 ms CPU + 4 ms wait: 150 → 300 → 150 tasks/s (60% → 120% → 60% of 2 processors)",
        SEEDS,
        true,
        Set.of(1));
  }

  /**
   * Another process takes half, then nine tenths, then seven tenths of the processors for half a
   * minute at a time, with quiet half minutes between. The service (4 ms CPU + 40 ms wait at 125
   * tasks/s, a quarter of the two processors) fits beside the 50% and 70% neighbours, and cannot
   * fit beside the 90% one: 0.2 processors left for 0.5 wanted, which only more capacity answers.
   */
  static EvaluationScenario noisyNeighbour() {
    TaskProfile mixed = TaskProfile.of(exponential(0.004), exponential(0.040));
    Scenario scenario =
        scenario(
            "noisy-neighbour",
            Downstream.NONE,
            0.3,
            Phase.steady("quiet", 30, 125, mixed),
            Phase.steady("neighbour-50%", 30, 125, mixed).withNeighbour(0.5),
            Phase.steady("quiet-2", 30, 125, mixed),
            Phase.steady("neighbour-90%", 30, 125, mixed).withNeighbour(0.9),
            Phase.steady("quiet-3", 30, 125, mixed),
            Phase.steady("neighbour-70%", 30, 125, mixed).withNeighbour(0.7),
            Phase.steady("quiet-4", 30, 125, mixed));
    return new EvaluationScenario(
        scenario,
        "4 ms CPU + 40 ms wait at 125 tasks/s; a neighbour takes 50%, 90%, 70% of the processors for 30 s each, quiet 30 s between",
        SEEDS,
        true,
        Set.of(3));
  }

  /**
   * Calls to a downstream that completes at most about 400 a second arrive at 200/s, then at 800/s
   * for a minute (twice what the service can do, whatever the pool's size), then at 200/s again.
   * The right answer in the middle minute is to hold the size that completes the most and ask for
   * capacity, not to probe.
   */
  static EvaluationScenario overload() {
    TaskProfile call = new TaskProfile(exponential(0.001), none(), exponential(0.025));
    Scenario scenario =
        scenario(
            "overload",
            new Downstream(10, 0.10),
            0.25,
            Phase.steady("200/s", 60, 200, call),
            Phase.steady("800/s", 60, 800, call),
            Phase.steady("200/s-again", 60, 200, call));
    return new EvaluationScenario(
        scenario,
        "1 ms CPU + 25 ms call to 10 slots (≈ 400/s at best): 200 → 800 → 200 tasks/s",
        SEEDS,
        true,
        Set.of(1));
  }

  /**
   * The real-JVM evaluation's service in the simulator: every task spins 2 ms, waits 8 ms and calls
   * a downstream with 3 slots of 25 ms (at most 120 calls a second whatever the pool's size) that
   * does not slow down when calls wait for it, so more threads than about 4 raise the run time (the
   * wait moves from the pool's queue to the downstream's line), not throughput. 80/s, then 240/s
   * for a minute (twice what any size completes), then 80/s again. The right answer in the middle
   * minute is to hold near 4 threads and ask for capacity, and to be back near the small size when
   * the load falls. As in the real service, a task that waited in the pool's queue past the wait
   * objective is answered at once with a failure (a 503): under the overload more threads take such
   * tasks off the queue sooner and fail them, which raises completions but not goodput.
   */
  static EvaluationScenario downstreamLimit() {
    TaskProfile call =
        new TaskProfile(exponential(0.002), exponential(0.008), exponential(0.025))
            .shedAfter(WAIT_OBJECTIVE);
    Scenario scenario =
        scenario(
            "downstream-limit",
            new Downstream(3, 0.0),
            0.1,
            Phase.steady("80/s", 60, 80, call),
            Phase.steady("240/s", 60, 240, call),
            Phase.steady("80/s-again", 60, 80, call));
    return new EvaluationScenario(
        scenario,
        "2 ms CPU + 8 ms wait + 25 ms call to 3 slots that do not slow down (120/s at best), shed after 50 ms in the queue: 80 → 240 → 80 tasks/s",
        SEEDS,
        true,
        Set.of(1));
  }

  /**
   * On/off bursts: 10 s at 400 tasks/s, 20 s at 80, six times over. Phases this short are not
   * scored for convergence (nothing settles in 10 s); goodput and reversals are.
   */
  static EvaluationScenario bursts() {
    List<Phase> phases = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      phases.add(Phase.steady("burst-" + i, 10, 400, IO_BOUND));
      phases.add(Phase.steady("lull-" + i, 20, 80, IO_BOUND));
    }
    Scenario scenario = scenario("bursts", Downstream.NONE, 0.5, phases.toArray(Phase[]::new));
    return new EvaluationScenario(
        scenario,
        "I/O-bound, 10 s at 400 tasks/s then 20 s at 80, six times",
        SEEDS,
        false,
        Set.of());
  }

  /**
   * A request pool that needs about one busy thread, with heavy-tailed service times (log-normal
   * waits with a coefficient of variation of 5: one request in a hundred takes over ten times the
   * mean). At one thread a slow request blocks every request behind it; the floor of {@value
   * #REQUEST_FLOOR} is what this scenario is for.
   */
  static EvaluationScenario smallPoolTail() {
    TaskProfile tail = TaskProfile.of(exponential(0.001), lognormal(0.020, 5));
    Scenario scenario =
        scenario(
            "small-tail",
            Downstream.NONE,
            0.5,
            Phase.steady("50/s", 120, 50, tail),
            Phase.steady("20/s", 120, 20, tail));
    return stepped(
        scenario,
        "1 ms CPU + log-normal 20 ms wait (cv 5) on a small request pool, 50 → 20 tasks/s");
  }

  private static EvaluationScenario stepped(Scenario scenario, String summary) {
    return new EvaluationScenario(scenario, summary, SEEDS, true, Set.of());
  }

  private static Scenario scenario(
      String name, Downstream downstream, double latencyObjective, Phase... phases) {
    return new Scenario(
        name,
        TWO_PROCESSORS,
        downstream,
        QUEUE_CAPACITY,
        INITIAL_SIZE,
        REQUEST_FLOOR,
        MAX_SIZE,
        WAIT_OBJECTIVE,
        latencyObjective,
        PERIOD,
        List.of(phases));
  }
}
