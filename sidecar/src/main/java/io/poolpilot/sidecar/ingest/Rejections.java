package io.poolpilot.sidecar.ingest;

/**
 * The data refused in one request and why the first of it was: what an OTLP partial success reports
 * ({@code rejected_data_points}, {@code rejected_spans} or {@code rejected_log_records}, and {@code
 * error_message}).
 *
 * <p>Not thread-safe: one per request, on the thread that handles it.
 */
final class Rejections {

  private long count;
  private String first;

  /** Counts {@code items} more refused; {@code why} is kept if they are the first. */
  void add(long items, String why) {
    if (items <= 0) {
      return;
    }
    count += items;
    if (first == null) {
      first = why;
    }
  }

  /** Counts one more refused item. */
  void add(String why) {
    add(1, why);
  }

  long count() {
    return count;
  }

  /** Why the first refused item was refused; null while none was. */
  String first() {
    return first;
  }
}
