package io.poolpilot.benchmarks.http;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * How many bytes the threads of another JVM have allocated, read over JMX ({@code
 * com.sun.management.ThreadMXBean#getThreadAllocatedBytes}, the JVM's exact per-thread TLAB and
 * outside-TLAB totals).
 *
 * <p>Why this way: the connection is made by attaching to the running JVM and starting its local
 * management agent, so nothing is added to the command line of any variant and start-up is not
 * touched; the agent is started the same way in every variant, after warm-up, and costs a few
 * threads (the same in all) and a few kilobytes per reading. JFR would add its own recorder threads
 * and sampling to the measured window, and GC-log totals need heap occupancy at both ends of a
 * window that the log does not give. Bytes allocated by threads that end within a window are lost
 * (JDK 17 has no total over dead threads); the services' request and agent threads live for the
 * whole run.
 */
final class AllocationProbe implements AutoCloseable {
  private final JMXConnector connector;
  private final com.sun.management.ThreadMXBean threads;

  private AllocationProbe(JMXConnector connector, com.sun.management.ThreadMXBean threads) {
    this.connector = connector;
    this.threads = threads;
  }

  /** Attaches to the JVM with process id {@code pid} and connects to its platform MBeans. */
  static AllocationProbe attach(long pid) throws IOException {
    String address;
    try {
      VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
      try {
        address = vm.startLocalManagementAgent();
      } finally {
        vm.detach();
      }
    } catch (AttachNotSupportedException e) {
      throw new IOException("cannot attach to process " + pid + ": " + e.getMessage(), e);
    }
    JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
    try {
      return new AllocationProbe(
          connector,
          ManagementFactory.newPlatformMXBeanProxy(
              connector.getMBeanServerConnection(),
              ManagementFactory.THREAD_MXBEAN_NAME,
              com.sun.management.ThreadMXBean.class));
    } catch (IOException | RuntimeException e) {
      connector.close();
      throw e;
    }
  }

  /** Bytes allocated so far by each live thread, by thread id. */
  Map<Long, Long> allocatedBytesByThread() {
    long[] ids = threads.getAllThreadIds();
    long[] bytes = threads.getThreadAllocatedBytes(ids);
    Map<Long, Long> byThread = new HashMap<>();
    for (int i = 0; i < ids.length; i++) {
      if (bytes[i] >= 0) {
        byThread.put(ids[i], bytes[i]);
      }
    }
    return byThread;
  }

  @Override
  public void close() throws IOException {
    connector.close();
  }
}
