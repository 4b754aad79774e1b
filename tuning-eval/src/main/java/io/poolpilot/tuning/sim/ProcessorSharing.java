package io.poolpilot.tuning.sim;

import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * The machine's processors shared equally by every thread that wants one (processor sharing).
 *
 * <p>A noisy neighbour ({@link Phase#neighbourShare()}) takes a fixed share of the processors
 * first, as a process with many busy threads would on a crowded node: {@code c} is what is left,
 * and the processor-seconds it takes are counted apart, for the machine's CPU reading.
 *
 * <p>With {@code n} runnable threads and {@code c} processors each advances at {@code min(1, c/n) /
 * (1 + switchCost·max(0, n - c))} of a processor. The scheduler keeps a virtual clock {@code V},
 * the service each runnable thread has received since the start; a burst that needs {@code w}
 * seconds of processor time ends when {@code V} reaches its start value plus {@code w}, so the next
 * completion is the smallest such target and every event costs {@code O(log n)}.
 */
final class ProcessorSharing {

  private final Machine machine;
  private final PriorityQueue<SimTask> runnable =
      new PriorityQueue<>(
          Comparator.comparingDouble((SimTask t) -> t.cpuTarget).thenComparingLong(t -> t.id));
  private double virtual;
  private double last;
  private int liveThreads;
  private double busyProcessorSeconds;
  private double stolenShare;
  private double stolenProcessorSeconds;

  ProcessorSharing(Machine machine) {
    this.machine = machine;
  }

  void advance(double now) {
    double elapsed = now - last;
    if (elapsed > 0) {
      virtual += elapsed * rate();
      busyProcessorSeconds += elapsed * processorsInUse();
      stolenProcessorSeconds += elapsed * stolenShare * machine.processors();
      last = now;
    }
  }

  void start(SimTask task, double now, double work) {
    advance(now);
    task.cpuTarget = virtual + work;
    runnable.add(task);
  }

  /** When the next burst ends if nothing changes; infinity when none runs. */
  double nextCompletion() {
    if (runnable.isEmpty()) {
      return Double.POSITIVE_INFINITY;
    }
    return last + Math.max(0, runnable.peek().cpuTarget - virtual) / rate();
  }

  SimTask complete(double now) {
    advance(now);
    return runnable.poll();
  }

  void liveThreads(double now, int threads) {
    if (threads != liveThreads) {
      advance(now);
      liveThreads = threads;
    }
  }

  /** From {@code now} another process takes {@code share} of the processors. */
  void neighbour(double now, double share) {
    if (share != stolenShare) {
      advance(now);
      stolenShare = share;
    }
  }

  /** Processor-seconds the neighbour has taken since the start. */
  double stolenProcessorSeconds(double now) {
    advance(now);
    return stolenProcessorSeconds;
  }

  int runnable() {
    return runnable.size();
  }

  /**
   * Processor-seconds the process has used since the start, switching and idle threads included.
   */
  double busyProcessorSeconds(double now) {
    advance(now);
    return busyProcessorSeconds;
  }

  private double rate() {
    int n = runnable.size();
    if (n == 0) {
      return 0;
    }
    double share = Math.min(1, capacity() / n);
    return share / (1 + machine.switchCost() * Math.max(0, n - machine.processors()));
  }

  private double capacity() {
    return available() - background();
  }

  private double available() {
    return machine.processors() * (1 - stolenShare);
  }

  private double background() {
    return Math.min(available() * 0.95, machine.threadCpu() * liveThreads);
  }

  private double processorsInUse() {
    return Math.min(runnable.size(), capacity()) + background();
  }
}
