package io.poolpilot.agent.instrumentation;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where the agent's own CPU goes while the application starts, for whoever works on its start-up
 * cost: off unless the JVM runs with {@code -Dpoolpilot.debug.startup=true}, and then printed once
 * on stderr when the start thread has finished. The start thread ends before an application's first
 * request, so its CPU cannot be read from {@code /proc} afterwards, and the agent's work on the
 * application's own threads (its transformers, run on whichever thread loads a class) is mixed into
 * theirs; both are summed here by stage, as thread CPU time.
 *
 * <p>Off, every method returns at once: the transformers call {@link #now()} and {@link #add} on
 * every class load, and a constant {@code false} costs nothing once compiled.
 */
public final class StartupProfile {
  /** Read once: the property is a diagnostic switch, not configuration. */
  public static final boolean ENABLED = Boolean.getBoolean("poolpilot.debug.startup");

  private static final ThreadMXBean THREADS = ENABLED ? ManagementFactory.getThreadMXBean() : null;
  private static final Map<String, LongAdder> NANOS = new ConcurrentHashMap<>();
  private static final Map<String, LongAdder> CALLS = new ConcurrentHashMap<>();

  private StartupProfile() {}

  /** The current thread's CPU time in nanoseconds, or 0 when profiling is off. */
  public static long now() {
    return ENABLED ? THREADS.getCurrentThreadCpuTime() : 0L;
  }

  /** Charges the CPU the current thread used since {@code since} (from {@link #now()}) to stage. */
  public static void add(String stage, long since) {
    if (ENABLED) {
      NANOS.computeIfAbsent(stage, s -> new LongAdder()).add(now() - since);
      CALLS.computeIfAbsent(stage, s -> new LongAdder()).increment();
    }
  }

  /**
   * Charges {@code wallNanos} of waiting to {@code stage}: time a thread of the application stood
   * still for the agent, which costs no CPU and so shows in no other stage.
   */
  public static void addWait(String stage, long wallNanos) {
    if (ENABLED) {
      NANOS.computeIfAbsent(stage, s -> new LongAdder()).add(wallNanos);
      CALLS.computeIfAbsent(stage, s -> new LongAdder()).increment();
    }
  }

  /**
   * Prints the figures every second on a daemon thread of its own, so that they can be read at any
   * moment of the start (such as the first request) without the agent knowing that moment.
   */
  public static void reportEverySecond() {
    if (!ENABLED) {
      return;
    }
    Thread reporter =
        new Thread(
            () -> {
              try {
                for (int second = 1; ; second++) {
                  Thread.sleep(1_000);
                  report("after " + second + " s");
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "poolpilot-profile");
    reporter.setDaemon(true);
    reporter.start();
  }

  /** Prints every stage's CPU in milliseconds and its number of calls, once, on stderr. */
  public static void report(String when) {
    if (!ENABLED) {
      return;
    }
    StringJoiner line = new StringJoiner(", ", "[poolpilot] start-up CPU " + when + ": ", "");
    new java.util.TreeMap<>(NANOS)
        .forEach(
            (stage, nanos) ->
                line.add(
                    stage
                        + " "
                        + nanos.sum() / 1_000_000
                        + " ms / "
                        + CALLS.get(stage).sum()
                        + " calls"));
    System.err.println(line);
  }
}
