package io.poolpilot.agent.bootstrap;

/**
 * Jetty's own jobs, which are not requests. Jetty runs its selectors, its acceptors and its
 * reserved threads as jobs of the same {@code QueuedThreadPool} that runs requests; each occupies a
 * thread for as long as the server runs (or, for a reserved thread, until it has idled out).
 * Measured as tasks they would put minutes-long runs into {@code jvm.executor.task.duration} and
 * hide the request jobs' own times, so they are neither stamped nor timed. The threads they hold
 * are leased or reserved, which is why the Jetty adapter counts only "utilized" threads as active.
 */
final class JettyJobs {
  private static final String[] INTERNAL_PREFIXES = {
    "org.eclipse.jetty.util.thread.ReservedThreadExecutor$ReservedThread",
    "org.eclipse.jetty.io.ManagedSelector$$Lambda",
    "org.eclipse.jetty.server.AbstractConnector$Acceptor",
    // The no-op jobs a stopping pool queues to wake its idle threads.
    "org.eclipse.jetty.util.thread.QueuedThreadPool$$Lambda",
  };

  private JettyJobs() {}

  /** Whether {@code job} (as submitted, not wrapped) is one of Jetty's own long-running jobs. */
  static boolean isInternal(Runnable job) {
    String name = job.getClass().getName();
    if (!name.startsWith("org.eclipse.jetty.")) {
      return false;
    }
    for (String prefix : INTERNAL_PREFIXES) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
