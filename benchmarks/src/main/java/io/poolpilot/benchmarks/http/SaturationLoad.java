package io.poolpilot.benchmarks.http;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Closed-loop load for saturated throughput: every connection sends its next request as soon as the
 * previous one answers, with more connections than the service's pool has threads, so the service's
 * CPU, not the generator, limits the rate. Its latencies are not reported: a closed loop slows down
 * with the service and hides queueing; only the throughput counts here.
 */
final class SaturationLoad implements AutoCloseable {

  /**
   * @param ok 2xx answers within the run
   * @param failed other answers and I/O errors
   * @param seconds the run's wall time
   */
  record Result(long ok, long failed, double seconds) {
    double perSecond() {
      return ok / seconds;
    }
  }

  private final int port;
  private final RequestMix requests;
  private final List<HttpConnection> connections = new ArrayList<>();

  SaturationLoad(int port, RequestMix requests, int connectionCount) throws IOException {
    this.port = port;
    this.requests = requests;
    try {
      for (int i = 0; i < connectionCount; i++) {
        connections.add(new HttpConnection(port));
      }
    } catch (IOException e) {
      close();
      throw e;
    }
  }

  /** Keeps every connection busy for {@code seconds}; answers after the end are not counted. */
  Result run(double seconds) throws InterruptedException {
    long start = System.nanoTime();
    long end = start + (long) (seconds * TimeUnit.SECONDS.toNanos(1));
    long[] ok = new long[connections.size()];
    long[] failed = new long[connections.size()];
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < connections.size(); i++) {
      int index = i;
      Thread thread = new Thread(() -> hammer(index, end, ok, failed), "saturation-" + index);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    long okSum = 0;
    long failedSum = 0;
    for (int i = 0; i < ok.length; i++) {
      okSum += ok[i];
      failedSum += failed[i];
    }
    return new Result(okSum, failedSum, (end - start) / 1e9);
  }

  private void hammer(int index, long end, long[] ok, long[] failed) {
    long n = index * 7L;
    while (true) {
      try {
        int status = connections.get(index).exchange(requests.get(n++));
        if (System.nanoTime() > end) {
          return;
        }
        if (status / 100 == 2) {
          ok[index]++;
        } else {
          failed[index]++;
        }
      } catch (IOException e) {
        if (System.nanoTime() > end) {
          return;
        }
        failed[index]++;
        try {
          connections.get(index).close();
          connections.set(index, new HttpConnection(port));
        } catch (IOException again) {
          // The next request fails too and tries again.
        }
      }
    }
  }

  @Override
  public void close() {
    for (HttpConnection connection : connections) {
      try {
        connection.close();
      } catch (IOException e) {
        // Closing a loopback socket: nothing to do about it.
      }
    }
  }
}
