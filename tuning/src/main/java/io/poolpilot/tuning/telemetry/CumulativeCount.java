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
    boolean continued = startUnixNano == earlier.startUnixNano && count >= earlier.count;
    return continued ? count - earlier.count : count;
  }
}
