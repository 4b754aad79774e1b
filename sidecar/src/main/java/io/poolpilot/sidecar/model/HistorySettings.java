package io.poolpilot.sidecar.model;

import java.time.Duration;
import java.util.Objects;

/**
 * How long each pool's history keeps one sample per export ({@code history.full-resolution}) before
 * folding samples into 10-second aggregates ({@link CompactHistory}). The full-resolution rows are
 * most of a pool's memory: at a thousand processes of ten pools, 2 minutes of them took about half
 * of the live heap (docs/benchmarks.md, run S13), so a sidecar per node may keep less. The 15
 * minutes of history the page draws stay whatever this says.
 *
 * @param fullResolution from {@link #MIN_FULL_RESOLUTION} to {@link #MAX_FULL_RESOLUTION}
 */
public record HistorySettings(Duration fullResolution) {

  /** Long enough to see the latest few decisions export by export. */
  public static final Duration MIN_FULL_RESOLUTION = Duration.ofSeconds(10);

  /** The default, and the most: longer is what the aggregates are for. */
  public static final Duration MAX_FULL_RESOLUTION = Duration.ofMinutes(2);

  public static final HistorySettings DEFAULTS = new HistorySettings(MAX_FULL_RESOLUTION);

  public HistorySettings {
    Objects.requireNonNull(fullResolution, "fullResolution");
    if (fullResolution.compareTo(MIN_FULL_RESOLUTION) < 0
        || fullResolution.compareTo(MAX_FULL_RESOLUTION) > 0) {
      throw new IllegalArgumentException(
          "fullResolution "
              + fullResolution
              + " outside "
              + MIN_FULL_RESOLUTION
              + ".."
              + MAX_FULL_RESOLUTION);
    }
  }

  /**
   * The most samples kept at full resolution: one per second, the agent's export interval (a faster
   * exporter gets a shorter full-resolution history, not more memory).
   */
  int fullResolutionSamples() {
    return Math.toIntExact(fullResolution.toSeconds());
  }
}
