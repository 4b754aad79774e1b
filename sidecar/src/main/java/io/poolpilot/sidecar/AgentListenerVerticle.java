package io.poolpilot.sidecar;

import io.poolpilot.sidecar.auth.HostHeaderCheck;
import io.poolpilot.sidecar.auth.HostHeaderHandler;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The agent-facing listener ({@code 127.0.0.1:4318} by default): one HTTP server that OTLP ingest
 * and the control protocol share, as an OpenTelemetry exporter and a PoolPilot agent both default
 * to it. Each side adds its own routes; neither knows the other's classes. The routes are mounted
 * in order, then the fallbacks that answer every other path and method.
 */
public final class AgentListenerVerticle extends VerticleBase {

  private final String host;
  private final int port;
  private final List<Consumer<Router>> routes;
  private final Consumer<Router> fallbacks;
  private final HostHeaderCheck hosts;
  private HttpServer server;

  /**
   * @param port the port to listen on, 0 for any free one (see {@link #actualPort()})
   * @param routes each adds its routes to the router, in this order
   * @param fallbacks adds the handlers of last resort (failures, 404, 405)
   */
  public AgentListenerVerticle(
      String host, int port, List<Consumer<Router>> routes, Consumer<Router> fallbacks) {
    this(host, port, routes, fallbacks, new HostHeaderCheck(host, List.of()));
  }

  /**
   * @param hosts which {@code Host} headers are answered; checked before every route
   */
  public AgentListenerVerticle(
      String host,
      int port,
      List<Consumer<Router>> routes,
      Consumer<Router> fallbacks,
      HostHeaderCheck hosts) {
    this.hosts = Objects.requireNonNull(hosts, "hosts");
    this.host = Objects.requireNonNull(host, "host");
    this.port = port;
    this.routes = List.copyOf(routes);
    this.fallbacks = Objects.requireNonNull(fallbacks, "fallbacks");
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.route().handler(HostHeaderHandler.agentListener(hosts));
    routes.forEach(mount -> mount.accept(router));
    fallbacks.accept(router);
    // Bodies arrive as sent: OTLP's own Content-Encoding is decoded (and bounded) by the ingest.
    return vertx
        .createHttpServer(
            ConnectionLimits.serverOptions(
                new HttpServerOptions().setDecompressionSupported(false)))
        .connectionHandler(ConnectionLimits.of("agent-facing listener"))
        .requestHandler(router)
        .listen(port, host)
        .onSuccess(listening -> server = listening);
  }

  /** The bound port, once started. */
  public int actualPort() {
    if (server == null) {
      throw new IllegalStateException("agent-facing listener not started");
    }
    return server.actualPort();
  }
}
