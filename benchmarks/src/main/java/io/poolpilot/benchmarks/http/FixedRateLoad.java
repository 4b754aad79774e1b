package io.poolpilot.benchmarks.http;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Open-loop load at a constant rate: request {@code k} is due at {@code start + k / rate} whether
 * or not earlier ones have answered. The schedule is dealt round-robin over a few keep-alive
 * connections, one thread each (the scheme of wrk2): a connection sends its next request when it is
 * due, or as soon as the previous answer arrives if that is later, and latency is always measured
 * from when the request was due, so a slow service cannot hide its queueing by slowing the sender
 * (coordinated omission).
 *
 * <p>The generator also records its own <em>send lag</em>: how late a request left after the
 * connection was free and the request due. That is the generator's fault (its thread woke late, for
 * example because another process held the core), and it would be charged to the service's latency;
 * a run whose p99 send lag exceeds {@link #MAX_P99_SEND_LAG_MICROS} is reported as not valid.
 */
final class FixedRateLoad implements AutoCloseable {
  static final long MAX_P99_SEND_LAG_MICROS = 1_000;

  /**
   * What one run measured; latencies and lags in microseconds.
   *
   * @param sent requests sent
   * @param ok 2xx answers
   * @param failed other answers and I/O errors
   * @param seconds wall time from the first due request to the last answer
   */
  record Result(long sent, long ok, long failed, double seconds, Histogram latency, Histogram lag) {
    /** Every request answered with 2xx: the service did all the work the run asked of it. */
    boolean allAnswered() {
      return failed == 0;
    }

    /** All answered, and the generator never late enough to charge its lag to the latency. */
    boolean valid() {
      return allAnswered() && lag.getValueAtPercentile(99) <= MAX_P99_SEND_LAG_MICROS;
    }
  }

  private final int port;
  private final RequestMix requests;
  private final List<HttpConnection> connections = new ArrayList<>();

  /**
   * Opens {@code connectionCount} connections to the service on {@code port}, which will send
   * {@code requests} in rotation.
   */
  FixedRateLoad(int port, RequestMix requests, int connectionCount) throws IOException {
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

  /**
   * Sends {@code rate × seconds} requests at {@code rate} per second and waits for every answer.
   */
  Result run(double rate, double seconds) throws InterruptedException {
    if (!(rate > 0) || !(seconds > 0)) {
      throw new IllegalArgumentException(
          "rate and seconds must be positive: " + rate + ", " + seconds);
    }
    long total = (long) Math.floor(rate * seconds);
    double intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
    int count = connections.size();
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
    List<Sender> senders = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Sender sender = new Sender(i, count, total, start, intervalNanos);
      senders.add(sender);
      sender.thread.start();
    }
    Histogram latency = newHistogram();
    Histogram lag = newHistogram();
    long ok = 0;
    long failed = 0;
    long end = start;
    for (Sender sender : senders) {
      sender.thread.join();
      latency.add(sender.latency);
      lag.add(sender.lag);
      ok += sender.ok;
      failed += sender.failed;
      end = Math.max(end, sender.lastAnswer);
    }
    return new Result(total, ok, failed, (end - start) / 1e9, latency, lag);
  }

  private static Histogram newHistogram() {
    return new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
  }

  /** One connection's share of the schedule: requests {@code index}, {@code index + count}, ... */
  private final class Sender implements Runnable {
    final Thread thread;
    final Histogram latency = newHistogram();
    final Histogram lag = newHistogram();
    private final int index;
    private final int count;
    private final long total;
    private final long start;
    private final double intervalNanos;
    long ok;
    long failed;
    long lastAnswer;

    Sender(int index, int count, long total, long start, double intervalNanos) {
      this.index = index;
      this.count = count;
      this.total = total;
      this.start = start;
      this.intervalNanos = intervalNanos;
      this.thread = new Thread(this, "fixed-rate-" + index);
      this.thread.setDaemon(true);
    }

    @Override
    public void run() {
      long free = start;
      for (long k = index; k < total; k += count) {
        long due = start + (long) (k * intervalNanos);
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
          LockSupport.parkNanos(wait);
        }
        long sent = System.nanoTime();
        lag.recordValue(Math.max(0, sent - Math.max(due, free)) / 1_000);
        try {
          int status = connections.get(index).exchange(requests.get(k));
          if (status / 100 == 2) {
            ok++;
          } else {
            failed++;
          }
        } catch (IOException e) {
          failed++;
          reconnect();
        }
        free = System.nanoTime();
        lastAnswer = free;
        latency.recordValue(Math.max(0, free - due) / 1_000);
      }
    }

    private void reconnect() {
      try {
        connections.get(index).close();
        connections.set(index, new HttpConnection(port));
      } catch (IOException e) {
        // The next request fails too and tries again.
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
