package io.poolpilot.sidecar.testing;

import java.lang.management.ManagementFactory;

/** Bytes the calling thread has allocated so far, to show a step allocated nothing large. */
public final class Allocation {

  private Allocation() {}

  public static long ofThisThread() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }
}
