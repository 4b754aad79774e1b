package io.poolpilot.benchmarks.sidecar;

import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What one endpoint answered during the measured window: answer times from each request's due time
 * (open loop, so a slow sidecar's queueing shows), answers that were not 2xx, requests that got no
 * answer, and points or spans the sidecar refused as OTLP partial success.
 */
final class EndpointStats {
  private static final long MAX_NANOS = 120_000_000_000L;

  final String name;
  private final Histogram answers = new ConcurrentHistogram(MAX_NANOS, 3);
  final AtomicLong sent = new AtomicLong();
  final AtomicLong non2xx = new AtomicLong();
  final AtomicLong failed = new AtomicLong();
  final AtomicLong rejected = new AtomicLong();
  final AtomicLong lastNon2xxStatus = new AtomicLong();

  EndpointStats(String name) {
    this.name = name;
  }

  void answered(long nanosSinceDue) {
    answers.recordValue(Math.min(MAX_NANOS, Math.max(0, nanosSinceDue)));
  }

  double percentileMs(double percentile) {
    return answers.getValueAtPercentile(percentile) / 1e6;
  }

  double maxMs() {
    return answers.getMaxValue() / 1e6;
  }

  long count() {
    return answers.getTotalCount();
  }

  /** Everything the sidecar did not take: error answers, no answer, refused items. */
  long dropped() {
    return non2xx.get() + failed.get() + rejected.get();
  }

  void reset() {
    answers.reset();
    sent.set(0);
    non2xx.set(0);
    failed.set(0);
    rejected.set(0);
  }
}
