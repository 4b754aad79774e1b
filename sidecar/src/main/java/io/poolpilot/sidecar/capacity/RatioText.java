package io.poolpilot.sidecar.capacity;

import java.util.Locale;

/**
 * A ratio or fraction as a person reads it, in every text that reaches one (reasons, journal text,
 * console lines, provider commands): two decimals, {@code 1.65}, never {@code 1.6463490290960976}.
 * Two decimals because the decisions turn on the tolerance band {@code 1 ± 0.1} and the replica
 * formula, where a third digit changes nothing a person would act on. Fields meant for machines
 * (the journal's and the webhook's JSON numbers, {@code /metrics}) keep the full number.
 */
public final class RatioText {

  private RatioText() {}

  /** {@code 1.6463} as {@code 1.65}; not a number as {@code unknown}, infinity as {@code ∞}. */
  public static String of(double ratio) {
    if (Double.isNaN(ratio)) {
      return "unknown";
    }
    if (Double.isInfinite(ratio)) {
      return ratio > 0 ? "∞" : "-∞";
    }
    String text = String.format(Locale.ROOT, "%.2f", ratio);
    // A tiny negative rounds to "-0.00", which reads as a sign that means something.
    return text.equals("-0.00") ? "0.00" : text;
  }
}
