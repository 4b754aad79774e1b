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
 * The scenarios of issue 5, with their phases, loads and seeds fixed here and listed in {@code
 * docs/tuning.md}.
 *
 * <p>Every scenario runs on a 2-processor machine (the size of the machines this project is
 * measured on) where each runnable thread beyond the processors costs 2% of processor capacity
 * (context switches, cache misses) and each live thread 0.05% of a processor (so 200 idle threads
 * take a tenth of one). Every pool starts at 8 threads (Spring Boot's default task executor core
 * size), may grow to 200 (Tomcat's default maximum), queues up to 500 tasks and is asked every
 * second. A task is good when it waited at most 50 ms (the default objective) and ended within the
 * scenario's latency objective, so a pool that moves the waiting from its queue into its threads
 * gains nothing.
 */
public final class Scenarios {

  static final List<Long> SEEDS = List.of(11L, 23L, 37L);
  static final Machine TWO_PROCESSORS = new Machine(2, 0.02, 0.0005);
  static final int QUEUE_CAPACITY = 500;
  static final int INITIAL_SIZE = 8;
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
        cpuSaturation());
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
        MAX_SIZE,
        WAIT_OBJECTIVE,
        latencyObjective,
        PERIOD,
        List.of(phases));
  }
}
