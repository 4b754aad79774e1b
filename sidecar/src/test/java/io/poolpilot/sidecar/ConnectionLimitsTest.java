package io.poolpilot.sidecar;

import static io.poolpilot.sidecar.testing.Http.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Both listeners close silent connections and refuse connections beyond their limit. */
@ExtendWith(VertxExtension.class)
class ConnectionLimitsTest {

  private static final Duration SHORT_IDLE = Duration.ofMillis(300);

  @TempDir Path dir;
  private Vertx vertx;
  private NetClient client;

  @BeforeEach
  void client(Vertx vertx) {
    this.vertx = vertx;
    client = vertx.createNetClient();
  }

  @Test
  void closesAConnectionSilentForTheIdleTimeoutAndNoSooner() {
    int port = server(new ConnectionLimits("test listener", 10, line -> {}), SHORT_IDLE);
    long opened = System.nanoTime();

    Connection silent = connect(port);

    await().atMost(Duration.ofSeconds(10)).until(silent::closed);
    assertThat(Duration.ofNanos(silent.closedAt - opened))
        .isGreaterThanOrEqualTo(SHORT_IDLE.minusMillis(50));
  }

  @Test
  void closesConnectionsBeyondTheLimitAtOnceAndReportsOnce() {
    List<String> reports = new CopyOnWriteArrayList<>();
    ConnectionLimits limits = new ConnectionLimits("test listener", 2, reports::add);
    int port = server(limits, ConnectionLimits.IDLE_TIMEOUT);
    Connection first = connect(port);
    Connection second = connect(port);
    assertThat(first.answers()).isTrue();
    assertThat(second.answers()).isTrue();

    Connection third = connect(port);
    Connection fourth = connect(port);

    // "At once", not after the 30 s idle timeout; the bounds leave a busy machine room.
    await().atMost(Duration.ofSeconds(10)).until(() -> third.closed() && fourth.closed());
    assertThat(Duration.ofNanos(third.closedAt - third.openedAt))
        .isLessThan(Duration.ofSeconds(10));
    assertThat(limits.refused()).isEqualTo(2);
    assertThat(reports)
        .containsExactly(
            "the test listener has 2 connections open, its limit: closing new ones at once"
                + " (reported once until fewer than half are open)");
    assertThat(first.closed() || second.closed()).isFalse();

    first.socket.close();
    await().atMost(Duration.ofSeconds(10)).until(() -> limits.open() == 1);
    assertThat(connect(port).answers()).isTrue();
  }

  /**
   * A server with {@code limits} and idle timeout {@code idle}, answering every request with 204.
   */
  private int server(ConnectionLimits limits, Duration idle) {
    HttpServer server =
        await(
            vertx
                .createHttpServer(ConnectionLimits.serverOptions(new HttpServerOptions(), idle))
                .connectionHandler(limits)
                .requestHandler(request -> request.response().setStatusCode(204).end())
                .listen(0, "127.0.0.1"));
    return server.actualPort();
  }

  /**
   * Connects and watches the connection from the moment it exists: the handlers are set on the
   * socket's event loop as the connect completes, before that loop can deliver a close (the server
   * may close a connection beyond the limit at once).
   */
  private Connection connect(int port) {
    long openedAt = System.nanoTime();
    return await(client.connect(port, "127.0.0.1").map(socket -> new Connection(socket, openedAt)));
  }

  /** A raw TCP connection, watched for its close. */
  private static final class Connection {
    final NetSocket socket;
    final long openedAt;
    volatile long closedAt;
    private final Promise<Buffer> firstAnswer = Promise.promise();

    Connection(NetSocket socket, long openedAt) {
      this.socket = socket;
      this.openedAt = openedAt;
      socket.closeHandler(closed -> closedAt = System.nanoTime());
      socket.handler(firstAnswer::tryComplete);
    }

    boolean closed() {
      return closedAt != 0;
    }

    /** Whether a request on this connection gets an answer (so the server took it). */
    boolean answers() {
      socket.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      return await(firstAnswer.future()).toString().startsWith("HTTP/1.1 204");
    }
  }
}
