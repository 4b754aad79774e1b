package io.poolpilot.sidecar.model;

import java.util.Objects;

/**
 * One export of a cumulative histogram: every value since {@code startTimeUnixNano}. A new start
 * time means the series restarted, so the previous export is no baseline for a difference.
 */
public record CumulativeHistogram(long startTimeUnixNano, ExponentialHistogram histogram) {

  public CumulativeHistogram {
    Objects.requireNonNull(histogram, "histogram");
  }
}
