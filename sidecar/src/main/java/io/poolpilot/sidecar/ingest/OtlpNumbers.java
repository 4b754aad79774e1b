package io.poolpilot.sidecar.ingest;

import io.opentelemetry.proto.metrics.v1.NumberDataPoint;

/** Reading OTLP number data points, shared by the pool and the process extractors. */
final class OtlpNumbers {

  /**
   * The largest reading either extractor takes: 2<sup>53</sup>, the largest whole number a double
   * holds exactly. No count of threads, tasks or periods and no number of seconds comes near it,
   * and below it every sum, difference and rate the model and the tuner derive stays finite.
   */
  static final double MAX_READING = 0x1p53;

  private OtlpNumbers() {}

  /** The point's value, whether it was sent as an integer or as a double. */
  static double value(NumberDataPoint point) {
    return point.getValueCase() == NumberDataPoint.ValueCase.AS_INT
        ? point.getAsInt()
        : point.getAsDouble();
  }

  /** Whether {@code value} is a reading: from 0 to {@link #MAX_READING} (so not NaN). */
  static boolean usable(double value) {
    return value >= 0 && value <= MAX_READING;
  }

  /** What a reading should have been, for a partial success's message. */
  static String expected() {
    return "expected a finite value from 0 to 2^53";
  }
}
