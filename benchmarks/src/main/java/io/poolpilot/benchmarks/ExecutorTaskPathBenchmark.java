package io.poolpilot.benchmarks;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one tiny task's trip through a {@link ThreadPoolExecutor}: {@code execute} → queue →
 * worker's {@code getTask} → {@code run} → the worker asks for the next task. That is exactly the
 * path the agent instruments (stamp and wrap in {@code execute}, unwrap and time in {@code
 * getTask}), so running this class with and without {@code -javaagent} gives the agent's cost per
 * task. {@link RunTaskPathBenchmarks} runs both variants, interleaved, in one run.
 *
 * <p>Scores are nanoseconds per task: each invocation pushes {@link #BATCH} tasks through the pool
 * and waits (parked, not spinning) until the last has run, and {@link OperationsPerInvocation}
 * divides by the batch, so the per-batch fixed costs (two thread wake-ups) are spread over {@value
 * #BATCH} tasks. With {@code -prof gc}, {@code gc.alloc.rate.norm} is then bytes per task, and with
 * {@link ProcessCpuProfiler} {@code cpu.time.norm} is CPU nanoseconds per task.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class ExecutorTaskPathBenchmark {
  /** Tasks per benchmark invocation. */
  public static final int BATCH = 10_000;

  /** A single-thread pool, as an application would build it, and one shared tiny task. */
  @State(Scope.Thread)
  public static class Pool {
    ThreadPoolExecutor pool;
    final Counter counter = new Counter();
    long submitted;

    @Setup(Level.Trial)
    public void start() {
      pool =
          new ThreadPoolExecutor(
              1,
              1,
              0L,
              TimeUnit.MILLISECONDS,
              new LinkedBlockingQueue<>(),
              r -> {
                Thread t = new Thread(r, "bench-worker");
                t.setDaemon(true);
                return t;
              });
      pool.prestartAllCoreThreads();
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
      pool.shutdown();
      if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("pool did not terminate");
      }
      if (counter.done != submitted) {
        throw new IllegalStateException(counter.done + " tasks ran, " + submitted + " submitted");
      }
    }
  }

  /**
   * The tiny task: one increment of a plain field. Only the worker writes it; the count is checked
   * after the pool has terminated, which orders it before the read.
   */
  static final class Counter implements Runnable {
    long done;

    @Override
    public void run() {
      done++;
    }
  }

  /** Holds the worker until {@link #open()}: the whole batch is queued before the first runs. */
  static final class Gate implements Runnable {
    private final CountDownLatch open = new CountDownLatch(1);

    @Override
    public void run() {
      awaitUninterruptibly(open);
    }

    void open() {
      open.countDown();
    }
  }

  /** Queued after the batch: running it tells the submitter that every task before it has run. */
  static final class Done implements Runnable {
    private final CountDownLatch ran = new CountDownLatch(1);

    @Override
    public void run() {
      ran.countDown();
    }

    void await() {
      awaitUninterruptibly(ran);
    }
  }

  /**
   * Queue then drain: the worker is held at a gate while {@value #BATCH} tasks are submitted, then
   * runs them back to back. Submitter and worker never contend and the worker never parks between
   * tasks, so this is the CPU cost of the path itself: every nanosecond the agent adds on either
   * side shows up in full.
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void queuedBatch(Pool state) {
    ThreadPoolExecutor pool = state.pool;
    Counter task = state.counter;
    Gate gate = new Gate();
    Done done = new Done();
    pool.execute(gate);
    for (int i = 0; i < BATCH; i++) {
      pool.execute(task);
    }
    pool.execute(done);
    state.submitted += BATCH;
    gate.open();
    done.await();
  }

  /**
   * Streaming: {@value #BATCH} tasks submitted while the worker runs them, as a busy pool sees
   * them. Submitter and worker share the queue's locks, and the worker parks whenever it catches up
   * with the submitter (and must be woken by the next submission); noisier than {@link
   * #queuedBatch}, and closer to a service under load.
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void streamingBatch(Pool state) {
    ThreadPoolExecutor pool = state.pool;
    Counter task = state.counter;
    Done done = new Done();
    for (int i = 0; i < BATCH; i++) {
      pool.execute(task);
    }
    pool.execute(done);
    state.submitted += BATCH;
    done.await();
  }

  /** For scale: two {@code System.nanoTime()} calls, the least any timing of a task costs. */
  @Benchmark
  public long nanoTimePair() {
    long start = System.nanoTime();
    return System.nanoTime() - start;
  }

  static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          if (latch.await(30, TimeUnit.SECONDS)) {
            return;
          }
          throw new IllegalStateException("the pool did not run the batch within 30 s");
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
