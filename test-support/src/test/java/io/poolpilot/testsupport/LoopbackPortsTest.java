package io.poolpilot.testsupport;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class LoopbackPortsTest {

  @Test
  void aClosedPortRefusesConnections() {
    int port = LoopbackPorts.closedPort();

    assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
        .isInstanceOf(ConnectException.class);
  }
}
