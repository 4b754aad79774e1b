package io.poolpilot.systemtests;

/** Tearing down what a system test started. */
public final class Cleanup {
  private Cleanup() {}

  /**
   * Closes every one of {@code resources}, each whatever the others did, then throws the first
   * failure with the later ones suppressed: one process that fails to die must not leave the others
   * running.
   */
  public static void closeAll(Iterable<? extends AutoCloseable> resources) throws Exception {
    Throwable first = null;
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception | Error e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first instanceof Exception e) {
      throw e;
    }
    if (first instanceof Error e) {
      throw e;
    }
  }
}
