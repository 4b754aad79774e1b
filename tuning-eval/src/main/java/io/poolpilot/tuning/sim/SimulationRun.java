package io.poolpilot.tuning.sim;

import io.poolpilot.testsupport.MutableClock;
import io.poolpilot.tuning.Decision;
import io.poolpilot.tuning.PoolObservation;
import io.poolpilot.tuning.PoolTuner;
import io.poolpilot.tuning.telemetry.ObservationConverter;
import io.poolpilot.tuning.telemetry.PoolReading;
import io.poolpilot.tuning.telemetry.ProcessFigures;
import io.poolpilot.tuning.telemetry.ProcessReading;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/** The state of one simulated run; see {@link PoolSimulator} for the model. */
final class SimulationRun {

  private enum Kind {
    IO_DONE,
    DOWNSTREAM_DONE
  }

  private record Event(double time, long sequence, Kind kind, SimTask task) {}

  private final Scenario scenario;
  private final long seed;
  private final MutableClock clock = new MutableClock(Instant.EPOCH);
  private final PoolTuner controller;
  private final TaskSampleListener listener;
  private final ProcessorSharing processors;
  private final AgentTelemetry telemetry;
  private final ArrivalProcess arrivals;
  private final SplittableRandom taskRandom;
  private final PriorityQueue<Event> events =
      new PriorityQueue<>(
          Comparator.comparingDouble(Event::time).thenComparingLong(Event::sequence));
  private final ArrayDeque<SimTask> queue = new ArrayDeque<>();
  private final ArrayDeque<SimTask> downstreamLine = new ArrayDeque<>();
  private final List<PeriodRecord> periods = new ArrayList<>();
  private final long[] arrived;
  private final long[] completed;
  private final long[] good;
  private final long[] rejected;
  private PoolReading lastPoolReading;
  private ProcessReading lastProcessReading;
  private double now;
  private int size;
  private int running;
  private int downstreamBusy;
  private long nextId;
  private long nextSequence;

  SimulationRun(Scenario scenario, long seed, ControllerFactory factory) {
    this.scenario = scenario;
    this.seed = seed;
    SplittableRandom root = new SplittableRandom(seed);
    this.arrivals = new ArrivalProcess(scenario.phases(), root.split());
    this.taskRandom = root.split();
    this.processors = new ProcessorSharing(scenario.machine());
    this.telemetry = new AgentTelemetry(scenario.machine().processors());
    this.lastPoolReading = telemetry.poolReading(0, 0, 0, 0);
    this.lastProcessReading = telemetry.processReading(0, 0, 0);
    this.controller = factory.create(clock, scenario);
    this.listener = controller instanceof TaskSampleListener sampleListener ? sampleListener : null;
    this.size = scenario.initialSize();
    int phases = scenario.phases().size();
    this.arrived = new long[phases];
    this.completed = new long[phases];
    this.good = new long[phases];
    this.rejected = new long[phases];
    processors.liveThreads(0, size);
    processors.neighbour(0, scenario.phases().get(0).neighbourShare());
  }

  SimulationResult execute(double drainSeconds) {
    double end = scenario.seconds() + drainSeconds;
    double period = scenario.controlPeriodSeconds();
    int periodIndex = 0;
    double nextControl = period;
    double nextArrival = arrivals.next();
    int phase = 0;
    double nextBoundary = boundaryAfter(phase);
    while (true) {
      double cpuNext = processors.nextCompletion();
      double eventNext = events.isEmpty() ? Double.POSITIVE_INFINITY : events.peek().time();
      double next =
          Math.min(
              Math.min(cpuNext, eventNext),
              Math.min(Math.min(nextArrival, nextControl), nextBoundary));
      if (next > end) {
        break;
      }
      now = next;
      if (next == nextBoundary) {
        phase++;
        double share =
            phase < scenario.phases().size() ? scenario.phases().get(phase).neighbourShare() : 0;
        processors.neighbour(now, share);
        nextBoundary = boundaryAfter(phase);
      } else if (next == cpuNext) {
        afterCpu(processors.complete(now));
      } else if (next == eventNext) {
        handle(events.poll());
      } else if (next == nextArrival) {
        arrive(arrivals.phase());
        nextArrival = arrivals.next();
      } else {
        control(periodIndex++, period);
        nextControl = (periodIndex + 1) * period;
      }
    }
    return new SimulationResult(scenario, seed, periods, outcomes());
  }

  /** When phase {@code phase} ends and the next begins; infinity after the last. */
  private double boundaryAfter(int phase) {
    return phase < scenario.phases().size()
        ? scenario.phaseStart(phase) + scenario.phases().get(phase).seconds()
        : Double.POSITIVE_INFINITY;
  }

  private void arrive(int phase) {
    TaskProfile profile = scenario.phases().get(phase).task();
    SimTask task =
        new SimTask(
            nextId++,
            phase,
            now,
            profile.cpu().sample(taskRandom),
            profile.io().sample(taskRandom),
            profile.downstream().sample(taskRandom));
    arrived[phase]++;
    if (running < size) {
      start(task);
    } else if (queue.size() < scenario.queueCapacity()) {
      queue.add(task);
    } else {
      rejected[phase]++;
      telemetry.rejected();
    }
  }

  private void start(SimTask task) {
    task.start = now;
    telemetry.started(now - task.arrival);
    if (now - task.arrival > scenario.phases().get(task.phase).task().shedAfterSeconds()) {
      // Refused at once, taking no time on the thread: counted, never good, and the thread is
      // free for the next task (no call to finish, whose startQueued would recurse per task).
      telemetry.failed(0);
      completed[task.phase]++;
      return;
    }
    running++;
    task.runningAtStart = running;
    updateLiveThreads();
    if (task.cpu > 0) {
      processors.start(task, now, task.cpu);
    } else {
      afterCpu(task);
    }
  }

  private void afterCpu(SimTask task) {
    if (task.io > 0) {
      schedule(now + task.io, Kind.IO_DONE, task);
    } else {
      callDownstream(task);
    }
  }

  private void callDownstream(SimTask task) {
    if (task.downstream <= 0) {
      finish(task);
    } else if (downstreamBusy < scenario.downstream().slots()) {
      downstreamBusy++;
      scheduleDownstream(task);
    } else {
      downstreamLine.add(task);
    }
  }

  private void scheduleDownstream(SimTask task) {
    double slowdown = 1 + scenario.downstream().contention() * downstreamLine.size();
    schedule(now + task.downstream * slowdown, Kind.DOWNSTREAM_DONE, task);
  }

  private void handle(Event event) {
    if (event.kind() == Kind.IO_DONE) {
      callDownstream(event.task());
      return;
    }
    downstreamBusy--;
    if (!downstreamLine.isEmpty()) {
      downstreamBusy++;
      scheduleDownstream(downstreamLine.poll());
    }
    finish(event.task());
  }

  private void finish(SimTask task) {
    running--;
    double execution = now - task.start;
    telemetry.completed(execution);
    completed[task.phase]++;
    boolean inTime =
        task.start - task.arrival <= scenario.waitObjectiveSeconds()
            && now - task.arrival <= scenario.latencyObjectiveSeconds();
    if (inTime) {
      good[task.phase]++;
    }
    if (listener != null) {
      listener.onTaskEnd(task.start, execution, task.runningAtStart);
    }
    startQueued();
  }

  private void control(int index, double period) {
    PoolObservation observation = observe();
    clock.setSecondsSinceEpoch(now);
    Decision decision = controller.decide(observation);
    periods.add(
        new PeriodRecord(index, scenario.phaseAt(now - period / 2), size, observation, decision));
    size = Math.max(1, Math.min(scenario.maxSize(), decision.coreSize()));
    startQueued();
  }

  /**
   * The period just ended as the sidecar would see it: this export's readings against the last
   * one's, through the production conversion, with the size the controller set as core and maximum.
   */
  private PoolObservation observe() {
    double oldest = queue.isEmpty() ? 0 : now - queue.peek().arrival;
    PoolReading pool = telemetry.poolReading(now, running, queue.size(), oldest);
    ProcessReading process =
        telemetry.processReading(
            now, processors.busyProcessorSeconds(now), processors.stolenProcessorSeconds(now));
    int processorCount = scenario.machine().processors();
    PoolObservation observation =
        ObservationConverter.observe(
                scenario.name(),
                lastPoolReading,
                pool,
                size,
                size,
                ProcessFigures.between(lastProcessReading, process, processorCount))
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "control period ending at "
                            + now
                            + " s is not after the previous reading's; expected a period > 0"));
    lastPoolReading = pool;
    lastProcessReading = process;
    return observation;
  }

  private void startQueued() {
    while (running < size && !queue.isEmpty()) {
      start(queue.poll());
    }
    updateLiveThreads();
  }

  private void updateLiveThreads() {
    processors.liveThreads(now, Math.max(size, running));
  }

  private void schedule(double time, Kind kind, SimTask task) {
    events.add(new Event(time, nextSequence++, kind, task));
  }

  private List<PhaseOutcome> outcomes() {
    List<PhaseOutcome> outcomes = new ArrayList<>();
    for (int i = 0; i < arrived.length; i++) {
      Phase phase = scenario.phases().get(i);
      outcomes.add(
          new PhaseOutcome(
              phase.name(), phase.seconds(), arrived[i], completed[i], good[i], rejected[i]));
    }
    return outcomes;
  }
}
