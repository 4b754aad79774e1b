package io.poolpilot.benchmarks.tuner;

import java.util.concurrent.TimeUnit;

/**
 * The noisy neighbour: another process on the machine, at normal priority, whose busy threads take
 * a share of every processor. One busy thread per processor, each spinning for {@code share} of
 * every 10 ms and sleeping the rest, so the neighbour takes about {@code share} of the machine
 * wherever the scheduler puts it (a crowded node, not a pinned batch job).
 *
 * <p>{@code CpuNeighbour <share from 0.05 to 1>}: runs until killed; prints {@code busy} once its
 * threads run.
 */
public final class CpuNeighbour {
  private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private CpuNeighbour() {}

  public static void main(String[] args) {
    double share = args.length == 1 ? parse(args[0]) : Double.NaN;
    if (!(share >= 0.05 && share <= 1)) {
      System.err.println("usage: CpuNeighbour <share of each processor, 0.05 to 1>");
      System.exit(2);
    }
    long busyNanos = (long) (SLICE_NANOS * share);
    int processors = Runtime.getRuntime().availableProcessors();
    for (int i = 0; i < processors; i++) {
      Thread thread = new Thread(() -> spin(busyNanos), "neighbour-" + i);
      thread.start();
    }
    System.out.println("busy");
  }

  private static double parse(String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static void spin(long busyNanos) {
    long sink = 0;
    while (true) {
      long sliceStart = System.nanoTime();
      while (System.nanoTime() - sliceStart < busyNanos) {
        sink = sink * 6364136223846793005L + 1442695040888963407L;
      }
      long rest = SLICE_NANOS - (System.nanoTime() - sliceStart);
      if (rest > 0) {
        try {
          TimeUnit.NANOSECONDS.sleep(rest);
        } catch (InterruptedException e) {
          System.out.println(sink);
          return;
        }
      }
    }
  }
}
