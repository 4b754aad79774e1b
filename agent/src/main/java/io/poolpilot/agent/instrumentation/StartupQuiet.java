package io.poolpilot.agent.instrumentation;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Tells when the application's start-up is over, so that the agent's periodic work (metric
 * collection and export, the control channel's polls) stays out of it. A Spring Boot application
 * keeps both cores of a small machine busy for its whole start; every millisecond of CPU the agent
 * takes then is a millisecond added to the start, and exports during it are also the moment the JIT
 * compiles the export path.
 *
 * <p>The rule: start-up is over once fewer than {@code maxClassesPerSecond} classes were loaded, on
 * average, over at least {@code window} (a start loads thousands a second, even on a busy machine
 * hundreds; a started application almost none), or {@code maxHold} after this object was made,
 * whichever comes first; then for good. The bound keeps an application that never stops loading
 * classes from going unobserved. The answer is worked out when asked, from the class count and the
 * clock given, so it needs no thread of its own: whoever holds work back asks on its own schedule.
 */
public final class StartupQuiet {
  /** A start loads at least hundreds a second; serving requests, a handful. */
  public static final int MAX_CLASSES_PER_SECOND = 50;

  /** Long enough for a rate to mean something, short against the export interval. */
  public static final Duration WINDOW = Duration.ofSeconds(1);

  /** Longer than a Spring Boot start on a quiet machine (13 s for spring-petclinic-rest). */
  public static final Duration MAX_HOLD = Duration.ofSeconds(30);

  private final LongSupplier classesLoaded;
  private final LongSupplier nanoTime;
  private final long windowNanos;
  private final int maxClassesPerSecond;
  private final long deadline;
  private long sampledAt;
  private long sampledCount;
  private volatile boolean over;

  public StartupQuiet(
      LongSupplier classesLoaded,
      LongSupplier nanoTime,
      Duration window,
      int maxClassesPerSecond,
      Duration maxHold) {
    if (window.isNegative() || window.isZero() || maxHold.isNegative() || maxClassesPerSecond < 0) {
      throw new IllegalArgumentException(
          "window must be positive, maxHold and maxClassesPerSecond not negative; got "
              + window
              + ", "
              + maxHold
              + ", "
              + maxClassesPerSecond);
    }
    this.classesLoaded = classesLoaded;
    this.nanoTime = nanoTime;
    this.windowNanos = window.toNanos();
    this.maxClassesPerSecond = maxClassesPerSecond;
    this.sampledAt = nanoTime.getAsLong();
    this.sampledCount = classesLoaded.getAsLong();
    this.deadline = sampledAt + maxHold.toNanos();
  }

  /** With the agent's defaults, counting the classes its transformer sees. */
  public static StartupQuiet ofThisJvm() {
    return new StartupQuiet(
        ClassLoadActivity::total, System::nanoTime, WINDOW, MAX_CLASSES_PER_SECOND, MAX_HOLD);
  }

  /** Whether start-up is over; once true, always true. */
  public boolean over() {
    if (over) {
      return true;
    }
    synchronized (this) {
      if (!over && decide()) {
        over = true;
      }
      return over;
    }
  }

  private boolean decide() {
    long now = nanoTime.getAsLong();
    if (now - deadline >= 0) {
      return true;
    }
    long elapsed = now - sampledAt;
    if (elapsed < windowNanos) {
      return false;
    }
    long count = classesLoaded.getAsLong();
    boolean quiet = (count - sampledCount) * 1_000_000_000L < (long) maxClassesPerSecond * elapsed;
    sampledAt = now;
    sampledCount = count;
    return quiet;
  }
}
