package io.poolpilot.tuning;

/** Builds {@link PoolObservation}s for tests: a quiet 8-thread pool on 2 processors by default. */
final class Observation {

  private double arrivals = 100;
  private double completions = 100;
  private double waitP50;
  private double waitP99;
  private double executionMean = 0.05;
  private double busy = 5;
  private int size = 8;
  private int queue;
  private double rejections;
  private double oldest;
  private double cpu = 0.2;
  private int processors = 2;
  private double throttled;
  private double gc;
  private double failures;

  static Observation of() {
    return new Observation();
  }

  Observation rate(double perSecond) {
    this.arrivals = perSecond;
    this.completions = perSecond;
    return this;
  }

  Observation arrivals(double perSecond) {
    this.arrivals = perSecond;
    return this;
  }

  Observation completions(double perSecond) {
    this.completions = perSecond;
    return this;
  }

  Observation waitP99(double seconds) {
    this.waitP99 = seconds;
    this.waitP50 = seconds / 4;
    return this;
  }

  Observation execution(double seconds) {
    this.executionMean = seconds;
    return this;
  }

  Observation size(int threads) {
    this.size = threads;
    this.busy = Math.min(busy, threads);
    return this;
  }

  Observation busy(double threads) {
    this.busy = threads;
    return this;
  }

  Observation backlog(int tasks, double oldestSeconds) {
    this.queue = tasks;
    this.oldest = oldestSeconds;
    return this;
  }

  Observation rejections(double perSecond) {
    this.rejections = perSecond;
    return this;
  }

  Observation cpu(double utilization) {
    this.cpu = utilization;
    return this;
  }

  Observation processors(int count) {
    this.processors = count;
    return this;
  }

  Observation throttled(double fraction) {
    this.throttled = fraction;
    return this;
  }

  Observation gc(double fraction) {
    this.gc = fraction;
    return this;
  }

  /** Requests that failed, counted among the completions. */
  Observation failures(double perSecond) {
    this.failures = perSecond;
    return this;
  }

  PoolObservation build() {
    return new PoolObservation(
        "orders-*",
        1,
        arrivals,
        completions,
        waitP50,
        waitP99,
        executionMean,
        executionMean * 3,
        busy,
        size,
        size,
        queue,
        rejections,
        oldest,
        cpu,
        processors,
        throttled,
        gc,
        failures);
  }
}
