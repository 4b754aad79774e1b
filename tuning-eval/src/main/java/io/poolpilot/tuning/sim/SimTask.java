package io.poolpilot.tuning.sim;

/** One task's sampled demands and what happened to it. */
final class SimTask {

  final long id;
  final int phase;
  final double arrival;
  final double cpu;
  final double io;
  final double downstream;
  double start;
  double cpuTarget;
  int runningAtStart;

  SimTask(long id, int phase, double arrival, double cpu, double io, double downstream) {
    this.id = id;
    this.phase = phase;
    this.arrival = arrival;
    this.cpu = cpu;
    this.io = io;
    this.downstream = downstream;
  }
}
