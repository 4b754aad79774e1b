package io.poolpilot.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Ports on the loopback interface for tests that need one nothing answers on. */
public final class LoopbackPorts {
  private LoopbackPorts() {}

  /**
   * A loopback port that was free a moment ago, with nothing listening on it now: connections to it
   * are refused (unless another process happens to take it meanwhile, which the OS makes unlikely
   * by handing out ephemeral ports in turn).
   */
  public static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind a loopback port", e);
    }
  }
}
