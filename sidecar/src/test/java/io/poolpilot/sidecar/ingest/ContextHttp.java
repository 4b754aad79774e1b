package io.poolpilot.sidecar.ingest;

import static io.poolpilot.sidecar.testing.Http.await;

import io.poolpilot.protocol.control.ControlProtocol;
import io.poolpilot.sidecar.testing.Agent;
import io.poolpilot.sidecar.testing.Http;
import io.poolpilot.sidecar.testing.Http.Reply;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * {@link Http}'s requests, made on a Vert.x context rather than from the test's thread, over one
 * client that keeps its connections alive (thousands of requests in a row want both). Composed from
 * a thread of its own, the client hands the response over in a separate task, and a short answer
 * that has ended by then never completes its body: the fuzz test's thousands of requests hit that
 * within seconds, a handful of requests practically never.
 */
final class ContextHttp {

  private final HttpClient client;
  private final Context context;
  private final MultiMap credentials;

  ContextHttp(Vertx vertx) {
    this(
        vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)),
        vertx.getOrCreateContext(),
        MultiMap.caseInsensitiveMultiMap());
  }

  private ContextHttp(HttpClient client, Context context, MultiMap credentials) {
    this.client = client;
    this.context = context;
    this.credentials = credentials;
  }

  /** The same client, speaking as the test's PoolPilot agent: {@code token} and its session. */
  ContextHttp asAgent(String token) {
    return new ContextHttp(
        client,
        context,
        Http.headers(
            "Authorization", "Bearer " + token, ControlProtocol.SESSION_HEADER, Agent.SESSION));
  }

  Future<Reply> send(HttpMethod method, int port, String path, MultiMap headers, Buffer body) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(method)
            .setHost("127.0.0.1")
            .setPort(port)
            .setURI(path)
            .setHeaders(MultiMap.caseInsensitiveMultiMap().addAll(headers).addAll(credentials));
    Promise<Reply> reply = Promise.promise();
    context.runOnContext(ignored -> Http.exchange(client, options, body).onComplete(reply));
    return reply.future();
  }

  Reply post(int port, String path, String contentType, Buffer body) {
    return await(
        send(HttpMethod.POST, port, path, Http.headers("Content-Type", contentType), body));
  }

  Reply get(int port, String path) {
    return await(
        send(HttpMethod.GET, port, path, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer()));
  }
}
