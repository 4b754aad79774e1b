package io.poolpilot.sidecar.testing;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in OTLP upstream on a free loopback port: records every request exactly as received (no
 * decompression), and answers 200, a scripted sequence of statuses, or nothing at all.
 */
public final class Receiver {

  /** One request as it arrived. */
  public record Received(String path, MultiMap headers, byte[] body) {
    public String header(String name) {
      return headers.get(name);
    }
  }

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Deque<int[]> script = new ArrayDeque<>();
  private final List<HttpServerRequest> held = new ArrayList<>();
  private volatile boolean hold;
  private HttpServer server;

  private Receiver() {}

  public static Future<Receiver> start(Vertx vertx) {
    Receiver receiver = new Receiver();
    return vertx
        .createHttpServer()
        .requestHandler(receiver::handle)
        .listen(0, "127.0.0.1")
        .map(
            server -> {
              receiver.server = server;
              return receiver;
            });
  }

  public int port() {
    return server.actualPort();
  }

  public String url() {
    return "http://127.0.0.1:" + port();
  }

  /** Answers the next requests with these statuses, {@code Retry-After: 0} with each, then 200. */
  public synchronized Receiver answer(int... statuses) {
    for (int status : statuses) {
      script.add(new int[] {status});
    }
    return this;
  }

  /** Records requests but does not answer them until {@link #release()}. */
  public Receiver hold() {
    hold = true;
    return this;
  }

  /** Answers every held request with 200, and the following ones at once. */
  public void release() {
    List<HttpServerRequest> waiting;
    synchronized (this) {
      hold = false;
      waiting = new ArrayList<>(held);
      held.clear();
    }
    waiting.forEach(request -> request.response().end());
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  private void handle(HttpServerRequest request) {
    request
        .body()
        .onSuccess(
            body -> {
              received.add(
                  new Received(
                      request.path(),
                      MultiMap.caseInsensitiveMultiMap().addAll(request.headers()),
                      body.getBytes()));
              int[] status;
              synchronized (this) {
                if (hold) {
                  held.add(request);
                  return;
                }
                status = script.poll();
              }
              if (status == null) {
                request.response().end();
              } else {
                request.response().setStatusCode(status[0]).putHeader("Retry-After", "0").end();
              }
            });
  }
}
