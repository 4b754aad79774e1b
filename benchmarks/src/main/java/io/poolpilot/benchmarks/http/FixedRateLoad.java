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
 * example because another process held the core, or the virtual cpu itself did not run), and it is
 * in the latency, which counts from the due time. Two things keep it small: a sender parks until
 * shortly before the due time and spins the rest ({@link #spinNanos}), since a parked thread's
 * wake-up is what came late on this machine (every late send was one whose connection had long been
 * free), and a connection the server closed is reopened right after its last answer rather than at
 * the next send ({@link HttpConnection#reopenIfClosed}). What lag remains comes from outside the
 * generator's process (stalls of up to 100 ms with the generator's cpu busy with other work), so a
 * run's latency counts when its lag p99 is at most {@link #MAX_P99_SEND_LAG_MICROS} or at most
 * {@link #MAX_LAG_SHARE_OF_P99} of the latency p99 it would be quoted with: the generator can then
 * have made at most that share of it, and the same generator drives every variant.
 */
final class FixedRateLoad implements AutoCloseable {
  static final long MAX_P99_SEND_LAG_MICROS = 1_000;

  /**
   * The largest share of a run's latency p99 that its send-lag p99 may be for the latency to count:
   * a quarter keeps at least three quarters of the quoted figure the service's own.
   */
  static final double MAX_LAG_SHARE_OF_P99 = 0.25;

  /** The longest a sender spins before a due time instead of parking. */
  static final long MAX_SPIN_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

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
      return allAnswered()
          && lagSmallEnough(lag.getValueAtPercentile(99), latency.getValueAtPercentile(99));
    }
  }

  /**
   * Whether a run's latency p99 counts given its send-lag p99 (both in microseconds): the lag at
   * most {@link #MAX_P99_SEND_LAG_MICROS}, or at most {@link #MAX_LAG_SHARE_OF_P99} of the p99.
   */
  static boolean lagSmallEnough(long lagP99Micros, long latencyP99Micros) {
    return lagP99Micros <= MAX_P99_SEND_LAG_MICROS
        || lagP99Micros <= MAX_LAG_SHARE_OF_P99 * latencyP99Micros;
  }

  /**
   * How long before a due time a sender stops parking and spins, yielding to the other senders: a
   * quarter of the interval between requests, so that two senders' spins never overlap, at most
   * {@link #MAX_SPIN_NANOS}; at 100 requests per second that is 1 ms in every 10, a tenth of the
   * generator's cpu. A sender that spins is running when its request falls due, so a wake-up that
   * comes late no longer delays the send.
   */
  static long spinNanos(double intervalNanos) {
    return Math.min(MAX_SPIN_NANOS, (long) (intervalNanos / 4));
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
      Sender sender = new Sender(i, count, total, start, intervalNanos, spinNanos(intervalNanos));
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
    private final long spinNanos;
    long ok;
    long failed;
    long lastAnswer;

    Sender(int index, int count, long total, long start, double intervalNanos, long spinNanos) {
      this.index = index;
      this.spinNanos = spinNanos;
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
        while ((wait = due - spinNanos - System.nanoTime()) > 0) {
          LockSupport.parkNanos(wait);
        }
        while (System.nanoTime() - due < 0) {
          // Yield rather than spin hard: another sender with an answer to read runs first.
          Thread.yield();
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
        reopenIfClosed();
        free = System.nanoTime();
      }
    }

    /** A connection the server closed, reopened now, while the next request is not yet due. */
    private void reopenIfClosed() {
      try {
        connections.get(index).reopenIfClosed();
      } catch (IOException e) {
        reconnect();
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
