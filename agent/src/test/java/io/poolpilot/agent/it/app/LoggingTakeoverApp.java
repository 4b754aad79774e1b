package io.poolpilot.agent.it.app;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * {@link PoolsApp} under a logging framework that takes over {@code java.util.logging}, as Spring
 * Boot's does: it resets the log manager (every logger's level back to inherited) and routes the
 * root logger to its own output, here stderr. Frameworks that watch their configuration do it again
 * on every reload; this one does it every 100 ms, so some reset surely falls after the agent has
 * started, whenever that is.
 */
public final class LoggingTakeoverApp {
  private LoggingTakeoverApp() {}

  public static void main(String[] args) throws Exception {
    ScheduledExecutorService reloads =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "logging-reload");
              thread.setDaemon(true);
              return thread;
            });
    takeOver();
    reloads.scheduleWithFixedDelay(LoggingTakeoverApp::takeOver, 100, 100, TimeUnit.MILLISECONDS);
    try {
      PoolsApp.main(args);
    } finally {
      reloads.shutdownNow();
    }
  }

  private static void takeOver() {
    LogManager.getLogManager().reset();
    Logger root = Logger.getLogger("");
    root.setLevel(Level.INFO);
    root.addHandler(new ConsoleHandler());
  }
}
