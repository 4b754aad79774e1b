package io.poolpilot.agent.it.app;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A second {@code -javaagent}, given before PoolPilot's, that builds a pool and runs {@value
 * #TASKS_BEFORE_MAIN} tasks on it before PoolPilot's premain runs: the pool, its threads and its
 * first tasks all predate the instrumentation. {@link PoolsApp} keeps using the pool afterwards.
 */
public final class EarlyPoolAgent {
  /** Tasks finished inside this premain, before any later agent starts. */
  public static final int TASKS_BEFORE_MAIN = 3;

  private static volatile ObservedPool pool;

  private EarlyPoolAgent() {}

  public static void premain(String args, Instrumentation inst) throws Exception {
    ObservedPool early = new ObservedPool(2, 2, new LinkedBlockingQueue<>(), "early-");
    List<Future<?>> tasks = new ArrayList<>();
    for (int i = 0; i < TASKS_BEFORE_MAIN; i++) {
      tasks.add(early.submit(() -> Math.sqrt(42)));
    }
    for (Future<?> task : tasks) {
      task.get();
    }
    pool = early;
  }

  /** The pool built in premain, or null when this agent was not given. */
  public static ObservedPool pool() {
    return pool;
  }
}
