package io.poolpilot.sidecar.api;

import io.poolpilot.sidecar.model.TraceSummary;
import io.vertx.core.MultiMap;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The search of {@code GET /api/traces}, from its query parameters:
 *
 * <ul>
 *   <li>{@code route}: the root span's name contains it, ignoring case ({@code /orders/{id}}, or
 *       {@code GET /orders} for one method), since server spans are named {@code {method} {route}};
 *   <li>{@code minDurationMs}: the trace took at least this long;
 *   <li>{@code error}: {@code true} keeps the traces with a failed span, {@code false} the others.
 * </ul>
 */
final class TraceSearch {

  private TraceSearch() {}

  /**
   * @throws IllegalArgumentException naming the parameter and what it should be
   */
  static Predicate<TraceSummary> parse(MultiMap query) {
    Predicate<TraceSummary> matches = trace -> true;
    String route = query.get("route");
    if (route != null && !route.isBlank()) {
      String wanted = route.trim().toLowerCase(Locale.ROOT);
      matches = matches.and(trace -> trace.rootName().toLowerCase(Locale.ROOT).contains(wanted));
    }
    String min = query.get("minDurationMs");
    if (min != null && !min.isBlank()) {
      double millis;
      try {
        millis = Double.parseDouble(min);
      } catch (NumberFormatException e) {
        millis = Double.NaN;
      }
      if (!(millis >= 0) || Double.isInfinite(millis)) {
        throw new IllegalArgumentException(
            "minDurationMs '" + min + "' is not a number of milliseconds >= 0");
      }
      long nanos = (long) (millis * 1_000_000);
      matches = matches.and(trace -> trace.durationNanos() >= nanos);
    }
    String error = query.get("error");
    if (error != null && !error.isBlank()) {
      if (!error.equals("true") && !error.equals("false")) {
        throw new IllegalArgumentException("error '" + error + "' is not true or false");
      }
      boolean failed = error.equals("true");
      matches = matches.and(trace -> trace.status().equals("ERROR") == failed);
    }
    return matches;
  }
}
