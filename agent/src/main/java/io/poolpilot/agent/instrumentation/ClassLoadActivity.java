package io.poolpilot.agent.instrumentation;

import java.util.concurrent.atomic.LongAdder;

/**
 * How many classes the JVM has handed the agent's transformer since the installation: the sign that
 * tells an application still starting (thousands of classes a second) from one that has started.
 * {@link AdviceWeaver} counts every class it sees, so the count costs one uncontended add per class
 * load and no transformer of its own.
 */
public final class ClassLoadActivity {
  private static final LongAdder LOADS = new LongAdder();

  private ClassLoadActivity() {}

  static void loaded() {
    LOADS.increment();
  }

  /** Classes seen since the installation. */
  public static long total() {
    return LOADS.sum();
  }
}
