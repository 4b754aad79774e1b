package io.poolpilot.examples.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * An open-loop load generator that runs phases one after another: in each phase every stream sends
 * at its own constant rate whether or not earlier requests have answered, as users arrive at a real
 * service. A closed loop (each client waits for its answer) slows down exactly when the service
 * does and so hides the queueing PoolPilot is meant to fix.
 *
 * <p>Each stream has a target label (the service it measures, such as {@code b}); latencies are
 * kept per phase and target, from each request's <em>scheduled</em> start, so that a stalled sender
 * cannot hide a stalled server (coordinated omission). The sender's own lag (actual send minus
 * scheduled start) is recorded too: when it is large, the generator, not the service, was the
 * bottleneck. A request counts in the phase it was scheduled in, however late it answers.
 * Percentiles cover 2xx answers; other statuses and failures are counted apart.
 *
 * <p>{@link #interval()} hands out what answered since the previous call, for a progress line.
 */
public final class PhasedLoad {

  /** One kind of request: a target label, a URL, requests per second. */
  public record Stream(String target, URI url, double rate) {
    public Stream {
      if (!(rate >= 0 && rate <= 100_000)) {
        throw new IllegalArgumentException("rate " + rate + " outside [0, 100000] per second");
      }
      if (target.isBlank()) {
        throw new IllegalArgumentException("a stream needs a target label");
      }
    }
  }

  /** One phase: a name, how long, and the streams that run at once. */
  public record Phase(String name, Duration duration, List<Stream> streams) {
    public Phase {
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException("phase " + name + ": duration must be positive");
      }
      streams = List.copyOf(streams);
    }
  }

  /** The outcome of one target in one phase (or one interval). Latencies in ms, NaN if none. */
  public record Outcome(
      String phase,
      String target,
      long sent,
      long ok,
      long non2xx,
      long failed,
      double p50Millis,
      double p99Millis,
      double maxMillis) {

    public String line() {
      return String.format(
          Locale.ROOT,
          "load[%s/%s]: sent=%d ok=%d non_2xx=%d failed=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f",
          phase,
          target,
          sent,
          ok,
          non2xx,
          failed,
          p50Millis,
          p99Millis,
          maxMillis);
    }
  }

  /** Counters and latencies of one target in one phase. */
  private static final class Tally {
    final Histogram latencyMicros = new ConcurrentHistogram(3);
    final AtomicLong sent = new AtomicLong();
    final AtomicLong ok = new AtomicLong();
    final AtomicLong non2xx = new AtomicLong();
    final AtomicLong failed = new AtomicLong();

    Outcome outcome(String phase, String target) {
      return PhasedLoad.outcome(
          phase, target, sent.get(), ok.get(), non2xx.get(), failed.get(), latencyMicros);
    }
  }

  /** What answered since the previous {@link #interval()}, for one target. */
  private static final class IntervalTally {
    final Recorder latencyMicros = new Recorder(3);
    final AtomicLong sent = new AtomicLong();
    final AtomicLong non2xx = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
  }

  private final List<Phase> phases;
  private final Duration timeout;
  private final HttpClient client;
  private final List<Map<String, Tally>> tallies = new ArrayList<>();
  private final Map<String, IntervalTally> intervals = new LinkedHashMap<>();
  private final Histogram sendLagMicros = new ConcurrentHistogram(3);
  private final AtomicLong inFlight = new AtomicLong();
  private volatile int currentPhase = -1;

  /**
   * @param timeout how long one request may take before it counts as failed
   */
  public PhasedLoad(List<Phase> phases, Duration timeout) {
    if (phases.isEmpty()) {
      throw new IllegalArgumentException("at least one phase is needed");
    }
    this.phases = List.copyOf(phases);
    this.timeout = timeout;
    Set<String> targets = new LinkedHashSet<>();
    for (Phase phase : phases) {
      Map<String, Tally> byTarget = new LinkedHashMap<>();
      for (Stream stream : phase.streams()) {
        byTarget.putIfAbsent(stream.target(), new Tally());
        targets.add(stream.target());
      }
      tallies.add(byTarget);
    }
    targets.forEach(t -> intervals.put(t, new IntervalTally()));
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(4, daemon()))
            .connectTimeout(timeout)
            .build();
  }

  public List<Phase> phases() {
    return phases;
  }

  /** The index of the phase running now; -1 before the first, {@code phases().size()} after. */
  public int currentPhase() {
    return currentPhase;
  }

  /**
   * Sends every phase's requests on this thread, then waits until every request has answered or
   * timed out.
   *
   * @param onPhase called on this thread as each phase starts, with its index
   */
  public void run(IntConsumer onPhase) throws InterruptedException {
    long phaseStart = System.nanoTime();
    for (int p = 0; p < phases.size(); p++) {
      Phase phase = phases.get(p);
      currentPhase = p;
      onPhase.accept(p);
      long phaseEnd = phaseStart + phase.duration().toNanos();
      runPhase(p, phase, phaseStart, phaseEnd);
      phaseStart = phaseEnd;
    }
    currentPhase = phases.size();
    long deadline = System.nanoTime() + timeout.toNanos() + TimeUnit.SECONDS.toNanos(1);
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  private void runPhase(int p, Phase phase, long start, long end) throws InterruptedException {
    List<Stream> streams = phase.streams();
    long[] next = new long[streams.size()];
    long[] interval = new long[streams.size()];
    for (int s = 0; s < streams.size(); s++) {
      double rate = streams.get(s).rate();
      interval[s] = rate > 0 ? (long) (TimeUnit.SECONDS.toNanos(1) / rate) : Long.MAX_VALUE;
      // Streams start staggered by half an interval, so they do not all fire at the same instant.
      next[s] = rate > 0 ? start + interval[s] / 2 : Long.MAX_VALUE;
    }
    while (true) {
      int s = earliest(next);
      if (s < 0 || next[s] >= end) {
        break;
      }
      long scheduled = next[s];
      next[s] += interval[s];
      long wait;
      while ((wait = scheduled - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      send(p, streams.get(s), scheduled);
    }
    long wait;
    while ((wait = end - System.nanoTime()) > 0) {
      LockSupport.parkNanos(wait);
    }
  }

  private static int earliest(long[] next) {
    int best = -1;
    for (int i = 0; i < next.length; i++) {
      if (next[i] != Long.MAX_VALUE && (best < 0 || next[i] < next[best])) {
        best = i;
      }
    }
    return best;
  }

  private void send(int phase, Stream stream, long scheduled) {
    Tally tally = tallies.get(phase).get(stream.target());
    IntervalTally now = intervals.get(stream.target());
    tally.sent.incrementAndGet();
    now.sent.incrementAndGet();
    inFlight.incrementAndGet();
    HttpRequest request = HttpRequest.newBuilder(stream.url()).timeout(timeout).GET().build();
    sendLagMicros.recordValue(Math.max(0, System.nanoTime() - scheduled) / 1000);
    client
        .sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .whenComplete(
            (response, error) -> {
              if (error != null) {
                tally.failed.incrementAndGet();
                now.failed.incrementAndGet();
              } else if (response.statusCode() / 100 == 2) {
                long micros = Math.max(1, (System.nanoTime() - scheduled) / 1000);
                tally.latencyMicros.recordValue(micros);
                tally.ok.incrementAndGet();
                now.latencyMicros.recordValue(micros);
              } else {
                tally.non2xx.incrementAndGet();
                now.non2xx.incrementAndGet();
              }
              inFlight.decrementAndGet();
            });
  }

  /** Requests sent and not yet answered. */
  public long inFlight() {
    return inFlight.get();
  }

  /**
   * Per target, what answered since the previous call ({@code sent} counts what was sent in that
   * time; {@code ok} is the 2xx answers received).
   */
  public Map<String, Outcome> interval() {
    Map<String, Outcome> result = new LinkedHashMap<>();
    String phase =
        currentPhase >= 0 && currentPhase < phases.size() ? phases.get(currentPhase).name() : "end";
    intervals.forEach(
        (target, tally) -> {
          Histogram latencies = tally.latencyMicros.getIntervalHistogram();
          result.put(
              target,
              outcome(
                  phase,
                  target,
                  tally.sent.getAndSet(0),
                  latencies.getTotalCount(),
                  tally.non2xx.getAndSet(0),
                  tally.failed.getAndSet(0),
                  latencies));
        });
    return result;
  }

  /** Every phase's outcome per target, in phase order; complete once {@link #run} returned. */
  public List<Outcome> outcomes() {
    List<Outcome> result = new ArrayList<>();
    for (int p = 0; p < phases.size(); p++) {
      String name = phases.get(p).name();
      tallies.get(p).forEach((target, tally) -> result.add(tally.outcome(name, target)));
    }
    return result;
  }

  /**
   * A copy of the 2xx latencies of one target in the phase at {@code index}, in microseconds from
   * each request's scheduled start: for measures the {@link Outcome} does not carry, such as the
   * answers within a latency bound. Empty if the target sent nothing in that phase.
   */
  public Histogram latencyMicros(int index, String target) {
    Tally tally = tallies.get(index).get(target);
    return tally == null ? new Histogram(3) : tally.latencyMicros.copy();
  }

  /** The outcome of one target in the named phase. */
  public Outcome outcome(String phase, String target) {
    for (Outcome outcome : outcomes()) {
      if (outcome.phase().equals(phase) && outcome.target().equals(target)) {
        return outcome;
      }
    }
    throw new IllegalArgumentException("no target " + target + " in a phase " + phase);
  }

  /** The sender's lag behind schedule: p99 and max in milliseconds. */
  public String sendLagLine() {
    return String.format(
        Locale.ROOT,
        "send lag: p99_ms=%.1f max_ms=%.1f (the generator's own delay; large values mean it,"
            + " not the service, fell behind)",
        sendLagMicros.getValueAtPercentile(99) / 1000.0,
        sendLagMicros.getMaxValue() / 1000.0);
  }

  public double sendLagP99Millis() {
    return sendLagMicros.getValueAtPercentile(99) / 1000.0;
  }

  private static Outcome outcome(
      String phase,
      String target,
      long sent,
      long ok,
      long non2xx,
      long failed,
      Histogram latencyMicros) {
    boolean any = latencyMicros.getTotalCount() > 0;
    return new Outcome(
        phase,
        target,
        sent,
        ok,
        non2xx,
        failed,
        any ? latencyMicros.getValueAtPercentile(50) / 1000.0 : Double.NaN,
        any ? latencyMicros.getValueAtPercentile(99) / 1000.0 : Double.NaN,
        any ? latencyMicros.getMaxValue() / 1000.0 : Double.NaN);
  }

  /**
   * {@code PhasedLoad [--timeout seconds] --phase NAME:SECONDS:TARGET=URL@RATE[,TARGET=URL@RATE]...
   * ...}: runs the phases, prints a progress line every 5 s and each phase's outcome per target at
   * the end.
   */
  public static void main(String[] args) throws Exception {
    List<Phase> phases = new ArrayList<>();
    long timeoutSeconds = 30;
    try {
      for (int i = 0; i < args.length; i += 2) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(args[i] + " needs a value");
        }
        switch (args[i]) {
          case "--phase" -> phases.add(parsePhase(args[i + 1]));
          case "--timeout" -> timeoutSeconds = Long.parseLong(args[i + 1]);
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      if (phases.isEmpty()) {
        throw new IllegalArgumentException("at least one --phase is needed");
      }
    } catch (IllegalArgumentException e) {
      System.err.println("PhasedLoad: " + e.getMessage());
      System.err.println(
          "usage: PhasedLoad [--timeout seconds]"
              + " --phase NAME:SECONDS:TARGET=URL@RATE[,TARGET=URL@RATE]... [--phase ...]");
      System.exit(2);
      return;
    }
    PhasedLoad load = new PhasedLoad(phases, Duration.ofSeconds(timeoutSeconds));
    Thread progress =
        new Thread(
            () -> {
              try {
                while (true) {
                  Thread.sleep(5000);
                  StringBuilder line = new StringBuilder("progress:");
                  load.interval()
                      .forEach(
                          (target, o) ->
                              line.append(
                                  String.format(
                                      Locale.ROOT,
                                      " %s[%s] ok=%d err=%d p99_ms=%.1f",
                                      target,
                                      o.phase(),
                                      o.ok(),
                                      o.non2xx() + o.failed(),
                                      o.p99Millis())));
                  line.append(" in_flight=").append(load.inFlight());
                  System.out.println(line);
                }
              } catch (InterruptedException stop) {
                // the run ended
              }
            },
            "load-progress");
    progress.setDaemon(true);
    progress.start();
    load.run(p -> System.out.println("phase " + phases.get(p).name()));
    progress.interrupt();
    load.outcomes().forEach(o -> System.out.println(o.line()));
    System.out.println(load.sendLagLine());
  }

  /** {@code NAME:SECONDS:TARGET=URL@RATE[,TARGET=URL@RATE]...}. */
  static Phase parsePhase(String spec) {
    String[] parts = spec.split(":", 3);
    if (parts.length < 3) {
      throw new IllegalArgumentException(
          "phase '" + spec + "' is not NAME:SECONDS:TARGET=URL@RATE[,...]");
    }
    long seconds;
    try {
      seconds = Long.parseLong(parts[1]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("phase " + parts[0] + ": '" + parts[1] + "' seconds?");
    }
    List<Stream> streams = new ArrayList<>();
    for (String item : parts[2].split(",")) {
      int eq = item.indexOf('=');
      int at = item.lastIndexOf('@');
      if (eq < 1 || at < eq) {
        throw new IllegalArgumentException(
            "phase " + parts[0] + ": stream '" + item + "' is not TARGET=URL@RATE");
      }
      double rate;
      try {
        rate = Double.parseDouble(item.substring(at + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "phase " + parts[0] + ": rate '" + item.substring(at + 1) + "' is not a number");
      }
      streams.add(new Stream(item.substring(0, eq), URI.create(item.substring(eq + 1, at)), rate));
    }
    return new Phase(parts[0], Duration.ofSeconds(seconds), streams);
  }

  private static ThreadFactory daemon() {
    return task -> {
      Thread thread = new Thread(task, "load-client");
      thread.setDaemon(true);
      return thread;
    };
  }
}
