package io.poolpilot.agent.transport;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A loopback HTTP server for transport tests: it keeps every request body and answers each with a
 * fixed status and the start of a body, then either ends the answer or stalls it (headers sent,
 * body unfinished) until closed.
 */
public final class AnsweringServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final CountDownLatch release = new CountDownLatch(1);
  private final List<byte[]> received = new CopyOnWriteArrayList<>();

  /**
   * @param declaredLength the Content-Length announced; longer than {@code head} with {@code stall}
   *     makes an answer that stops mid-body; -1 for no body
   */
  public AnsweringServer(int status, byte[] head, int declaredLength, boolean stall)
      throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(threads);
    server.createContext(
        "/",
        exchange -> {
          received.add(exchange.getRequestBody().readAllBytes());
          exchange.sendResponseHeaders(status, declaredLength);
          OutputStream body = exchange.getResponseBody();
          body.write(head);
          body.flush();
          if (stall) {
            try {
              release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          exchange.close();
        });
    server.start();
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  public List<byte[]> received() {
    return received;
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    threads.shutdownNow();
  }
}
