package io.poolpilot.benchmarks;

import io.poolpilot.agent.bootstrap.ExecutorHooks;
import io.poolpilot.agent.bootstrap.HistogramCell;
import io.poolpilot.agent.bootstrap.WorkerTimings;
import io.poolpilot.protocol.histogram.ExponentialBuckets;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Where the agent's per-task cost goes: the pieces of its task path called directly, on one thread,
 * without a pool and without {@code -javaagent} (the agent's bootstrap classes are on this module's
 * class path). Compare with the cost {@link ExecutorTaskPathBenchmark} measures with the agent
 * attached: the difference between the sum of the pieces and that cost is what being woven into
 * {@code ThreadPoolExecutor} (and running on two threads) adds.
 *
 * <p>Durations recorded into histograms cycle through {@value #SAMPLES} values spread log-uniformly
 * from 50 ns to 5 ms, as the queue waits of a backlog are, so bucket look-up branches are not
 * perfectly predicted; {@code hooksSameThread} records the near-constant waits a single thread
 * produces and is the optimistic case.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Thread)
public class TaskPathComponentsBenchmark {
  static final int SAMPLES = 1024;

  private final long[] durations = new long[SAMPLES];
  private int next;
  private final HistogramCell cell = new HistogramCell();
  private final ThreadLocal<Object> threadLocal = new ThreadLocal<>();
  private final Runnable task = () -> {};
  private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();

  /** Never empty: a busy worker's queue, which lets the next task start at the previous end. */
  private final BlockingQueue<Runnable> backlog = new LinkedBlockingQueue<>();

  private ThreadPoolExecutor pool;
  private Runnable lastQueued;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom random = new SplittableRandom(42);
    double low = Math.log(50);
    double high = Math.log(5_000_000);
    for (int i = 0; i < SAMPLES; i++) {
      durations[i] = (long) Math.exp(low + random.nextDouble() * (high - low));
    }
    threadLocal.set(new Object());
    backlog.add(task);
    // Never started: the hooks only need a pool to attach this thread's timings to.
    pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
    ExecutorHooks.activate(null);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    pool.shutdownNow();
  }

  private long nextDuration() {
    return durations[next++ & (SAMPLES - 1)];
  }

  /** One clock read; the agent makes three per task. */
  @Benchmark
  public long nanoTime() {
    return System.nanoTime();
  }

  /** Bucket index of a duration (floating-point exponent and mantissa, then a scan). */
  @Benchmark
  public int bucketOf() {
    return ExponentialBuckets.indexOfNanos(nextDuration());
  }

  /** One histogram record; the agent makes two per task (queue wait and run time). */
  @Benchmark
  public HistogramCell histogramRecord() {
    cell.record(nextDuration());
    return cell;
  }

  /** The worker's per-task thread-local look-up. */
  @Benchmark
  public Object threadLocalGet() {
    return threadLocal.get();
  }

  /** {@code execute}'s hook alone: checks, one clock read, one 24-byte wrapper. */
  @Benchmark
  public Runnable submitHook() {
    return ExecutorHooks.submitted(pool, task, queue);
  }

  /**
   * All three hooks of one task in the order the pool calls them (submit; then, on the worker, end
   * of the previous task and start of this one): the agent's whole per-task work, minus weaving and
   * minus crossing threads.
   */
  @Benchmark
  public Runnable hooksSameThread() {
    Runnable queued = ExecutorHooks.submitted(pool, task, queue);
    // In a pool the wrapper escapes into the queue: keep escape analysis from removing it here.
    lastQueued = queued;
    WorkerTimings timings = ExecutorHooks.taskFinishing();
    return ExecutorHooks.taskTaken(pool, timings, queued);
  }

  /**
   * The same three hooks for a busy worker: the queue holds work when a task ends, so the next task
   * starts at that clock reading, and the task path reads the clock twice instead of three times.
   */
  @Benchmark
  public Runnable hooksSameThreadBusyWorker() {
    Runnable queued = ExecutorHooks.submitted(pool, task, queue);
    lastQueued = queued;
    WorkerTimings timings = ExecutorHooks.taskFinishing(backlog);
    return ExecutorHooks.taskTaken(pool, timings, queued);
  }
}
