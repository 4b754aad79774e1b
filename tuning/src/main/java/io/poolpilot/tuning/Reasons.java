package io.poolpilot.tuning;

import java.util.Locale;

/** Numbers as the decision journal shows them: milliseconds, percentages, tasks per second. */
final class Reasons {

  private Reasons() {}

  static String duration(double seconds) {
    if (seconds >= 10) {
      return String.format(Locale.ROOT, "%.0f s", seconds);
    }
    if (seconds >= 1) {
      return String.format(Locale.ROOT, "%.1f s", seconds);
    }
    double millis = seconds * 1000;
    return millis >= 10
        ? String.format(Locale.ROOT, "%.0f ms", millis)
        : String.format(Locale.ROOT, "%.1f ms", millis);
  }

  static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.0f%%", fraction * 100);
  }

  static String rate(double perSecond) {
    return perSecond >= 10
        ? String.format(Locale.ROOT, "%.0f tasks/s", perSecond)
        : String.format(Locale.ROOT, "%.1f tasks/s", perSecond);
  }

  static String number(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
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
