package io.poolpilot.tuning;

import java.util.Locale;

/**
 * Numbers as the decision journal shows them: milliseconds, percentages, tasks per second.
 *
 * <p>Every decision of every pool carries its reason, so a sidecar for a thousand instances writes
 * tens of thousands of these a second: they are formatted by {@link #fixed} rather than {@link
 * String#format}, which parses its pattern on every call and was a tenth of the sidecar's CPU.
 */
final class Reasons {

  private Reasons() {}

  static String duration(double seconds) {
    if (seconds >= 10) {
      return fixed(seconds, 0) + " s";
    }
    if (seconds >= 1) {
      return fixed(seconds, 1) + " s";
    }
    double millis = seconds * 1000;
    return millis >= 10 ? fixed(millis, 0) + " ms" : fixed(millis, 1) + " ms";
  }

  static String percent(double fraction) {
    return fixed(fraction * 100, 0) + "%";
  }

  static String rate(double perSecond) {
    return perSecond >= 10 ? fixed(perSecond, 0) + " tasks/s" : fixed(perSecond, 1) + " tasks/s";
  }

  static String number(double value) {
    return fixed(value, 1);
  }

  /**
   * {@code value} with {@code decimals} (0 or 1) digits after the point, rounded half away from
   * zero as {@code String.format} rounds; {@code NaN} and the infinities as {@link
   * Double#toString}.
   */
  static String fixed(double value, int decimals) {
    if (Double.isNaN(value) || Double.isInfinite(value) || Math.abs(value) >= 1e15) {
      return Double.isNaN(value) || Double.isInfinite(value)
          ? Double.toString(value)
          : String.format(Locale.ROOT, decimals == 0 ? "%.0f" : "%.1f", value);
    }
    long scale = decimals == 0 ? 1 : 10;
    long scaled = (long) Math.floor(Math.abs(value) * scale + 0.5);
    String sign = value < 0 && scaled != 0 ? "-" : "";
    if (decimals == 0) {
      return sign + scaled;
    }
    return sign + scaled / 10 + "." + scaled % 10;
  }

  /** {@code 410 tasks/s × 28 ms = 11.5 busy}: Little's law with the numbers filled in. */
  static String little(PeriodView view) {
    return rate(view.growthArrivals)
        + " × "
        + duration(view.growthExecution)
        + " = "
        + number(view.busyDemand())
        + " busy";
  }

  /** {@code queue wait p99 120 ms > 50 ms}. */
  static String waitVersusObjective(PeriodView view) {
    double wait = view.waitP99();
    double oldest = view.observation.oldestWaitSeconds();
    String which = oldest > wait ? "oldest waiting task " : "queue wait p99 ";
    double shown = Math.max(wait, oldest);
    String relation = shown > view.objective ? " > " : " ≤ ";
    String text = which + duration(shown) + relation + duration(view.objective);
    double rejections = view.observation.rejectionsPerSecond();
    return rejections > 0 ? text + ", " + rate(rejections).replace("tasks", "rejections") : text;
  }

  /** {@code CPU 35% of 2 processors}, with throttling and GC where they matter. */
  static String cpu(PeriodView view) {
    PoolObservation o = view.observation;
    String text =
        "CPU " + percent(o.cpuUtilization()) + " of " + o.availableProcessors() + " processors";
    if (o.cpuThrottledFraction() > 0) {
      text += ", throttled " + percent(o.cpuThrottledFraction());
    }
    if (o.gcTimeFraction() >= 0.05) {
      text += ", GC " + percent(o.gcTimeFraction());
    }
    return text;
  }
}
