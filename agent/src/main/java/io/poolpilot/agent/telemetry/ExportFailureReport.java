package io.poolpilot.agent.telemetry;

import java.util.function.Consumer;

/**
 * Says once that an export is failing and once that it recovered, instead of a line per attempt:
 * with the sidecar down for an hour, a one-second export interval would otherwise write 3,600 lines
 * into the application's stderr.
 */
final class ExportFailureReport {
  private final String what;
  private final String target;
  private final Consumer<String> report;
  private boolean failing;

  /**
   * @param what the signal, as in "metric export"
   * @param target where it goes
   */
  ExportFailureReport(String what, String target, Consumer<String> report) {
    this.what = what;
    this.target = target;
    this.report = report;
  }

  synchronized void succeeded() {
    if (failing) {
      failing = false;
      report.accept(what + " to " + target + " recovered");
    }
  }

  synchronized void failed(Throwable cause) {
    if (!failing) {
      failing = true;
      report.accept(
          what
              + " to "
              + target
              + " failed ("
              + describe(cause)
              + "); the application is unaffected, retrying quietly until it recovers");
    }
  }

  /** The innermost cause is the telling one: a refused connection, a time-out, a status code. */
  static String describe(Throwable cause) {
    if (cause == null) {
      return "no answer or an error status";
    }
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
