package io.poolpilot.tuning.telemetry;

/**
 * A monotonic count as an exporter keeps it: everything counted since {@code startUnixNano}. A
 * later reading with another start, or a smaller count, belongs to a series that restarted (the
 * pool was rebuilt, the exporter restarted), so what it counts all happened after the earlier one.
 *
 * @param startUnixNano when the series began counting; 0 when the exporter did not say
 */
public record CumulativeCount(long startUnixNano, double count) {

  /** Nothing counted, by a series with no known start. */
  public static final CumulativeCount NONE = new CumulativeCount(0, 0);

  public CumulativeCount {
    if (!(count >= 0) || Double.isInfinite(count)) {
      throw new IllegalArgumentException("count " + count + ", expected a finite value >= 0");
    }
  }

  /** What was counted after {@code earlier}: the difference, or all of this if it restarted. */
  public double since(CumulativeCount earlier) {
    return since(startUnixNano, count, earlier.startUnixNano, earlier.count);
  }

  /**
   * What a count of {@code count} since {@code start} counted after a count of {@code earlier}
   * since {@code earlierStart}, as {@link #since(CumulativeCount)}: for totals kept in place.
   */
  static double since(long start, double count, long earlierStart, double earlier) {
    boolean continued = start == earlierStart && count >= earlier;
    return continued ? count - earlier : count;
  }
}
