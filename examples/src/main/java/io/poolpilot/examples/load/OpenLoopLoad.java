package io.poolpilot.examples.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * An open-loop load generator: requests start at a constant rate whether or not earlier ones have
 * answered, as users arrive at a real service. A closed loop (each client waits for its answer)
 * slows down exactly when the service does and so hides the queueing PoolPilot is meant to fix.
 *
 * <p>Latency is measured from each request's scheduled start, not from when it was actually sent,
 * so a stalled sender cannot hide a stalled server (coordinated omission). Percentiles cover the
 * 2xx answers; other statuses and failures are counted separately. The run is bounded: sending
 * stops after {@code --duration}, and answers still missing {@code --timeout} later count as
 * failures.
 *
 * <p>{@code OpenLoopLoad --url URL [--rate per-second] [--duration seconds] [--timeout seconds]
 * [--label text]} prints one line: {@code load[label]: rate=.. duration_s=.. sent=.. ok=..
 * non_2xx=.. failed=.. p50_ms=.. p99_ms=.. max_ms=..}.
 */
public final class OpenLoopLoad {

  /** What to send, how fast and for how long. */
  public record Options(URI url, double rate, Duration duration, Duration timeout, String label) {

    public Options {
      if (!(rate > 0 && rate <= 100_000)) {
        throw new IllegalArgumentException("rate " + rate + " outside (0, 100000] per second");
      }
      if (duration.isNegative() || duration.isZero() || timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("duration and timeout must be positive");
      }
    }
  }

  /** The outcome of one run. Latencies in milliseconds, NaN when nothing succeeded. */
  public record Result(
      String label,
      double rate,
      Duration duration,
      long sent,
      long ok,
      long non2xx,
      long failed,
      double p50Millis,
      double p99Millis,
      double maxMillis) {

    /** The one-line summary the program prints. */
    public String line() {
      return String.format(
          Locale.ROOT,
          "load%s: rate=%.0f duration_s=%d sent=%d ok=%d non_2xx=%d failed=%d p50_ms=%.1f"
              + " p99_ms=%.1f max_ms=%.1f",
          label.isEmpty() ? "" : "[" + label + "]",
          rate,
          duration.toSeconds(),
          sent,
          ok,
          non2xx,
          failed,
          p50Millis,
          p99Millis,
          maxMillis);
    }
  }

  private OpenLoopLoad() {}

  /** Runs the load and returns once every request has answered or timed out. */
  public static Result run(Options options) throws InterruptedException {
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(4, daemon()))
            .connectTimeout(options.timeout())
            .build();
    HttpRequest request =
        HttpRequest.newBuilder(options.url()).timeout(options.timeout()).GET().build();
    Histogram latencyMicros = new ConcurrentHistogram(3);
    AtomicLong ok = new AtomicLong();
    AtomicLong non2xx = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long intervalNanos = (long) (TimeUnit.SECONDS.toNanos(1) / options.rate());
    long total = (long) Math.floor(options.rate() * options.duration().toNanos() / 1e9);
    CountDownLatch answered = new CountDownLatch((int) Math.min(total, Integer.MAX_VALUE));
    long start = System.nanoTime();
    for (long i = 0; i < total; i++) {
      long scheduled = start + i * intervalNanos;
      long wait;
      while ((wait = scheduled - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      client
          .sendAsync(request, HttpResponse.BodyHandlers.discarding())
          .whenComplete(
              (response, error) -> {
                if (error != null) {
                  failed.incrementAndGet();
                } else if (response.statusCode() / 100 == 2) {
                  latencyMicros.recordValue((System.nanoTime() - scheduled) / 1000);
                  ok.incrementAndGet();
                } else {
                  non2xx.incrementAndGet();
                }
                answered.countDown();
              });
    }
    // Requests time out on their own after --timeout; the extra second covers the bookkeeping.
    answered.await(options.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
    long unanswered = total - ok.get() - non2xx.get() - failed.get();
    boolean any = latencyMicros.getTotalCount() > 0;
    return new Result(
        options.label(),
        options.rate(),
        options.duration(),
        total,
        ok.get(),
        non2xx.get(),
        failed.get() + Math.max(0, unanswered),
        any ? latencyMicros.getValueAtPercentile(50) / 1000.0 : Double.NaN,
        any ? latencyMicros.getValueAtPercentile(99) / 1000.0 : Double.NaN,
        any ? latencyMicros.getMaxValue() / 1000.0 : Double.NaN);
  }

  public static void main(String[] args) throws InterruptedException {
    Options options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("OpenLoopLoad: " + e.getMessage());
      System.err.println(
          "usage: OpenLoopLoad --url URL [--rate per-second] [--duration seconds]"
              + " [--timeout seconds] [--label text]");
      System.exit(2);
      return;
    }
    System.out.println(run(options).line());
  }

  static Options parse(String[] args) {
    URI url = null;
    double rate = 50;
    long duration = 10;
    long timeout = 10;
    String label = "";
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
      String value = args[i + 1];
      try {
        switch (args[i]) {
          case "--url" -> url = URI.create(value);
          case "--rate" -> rate = Double.parseDouble(value);
          case "--duration" -> duration = Long.parseLong(value);
          case "--timeout" -> timeout = Long.parseLong(value);
          case "--label" -> label = value;
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(args[i] + " '" + value + "' is not a number");
      }
    }
    if (url == null) {
      throw new IllegalArgumentException("--url is required");
    }
    return new Options(url, rate, Duration.ofSeconds(duration), Duration.ofSeconds(timeout), label);
  }

  private static ThreadFactory daemon() {
    return task -> {
      Thread thread = new Thread(task, "load-client");
      thread.setDaemon(true);
      return thread;
    };
  }
}
