package io.poolpilot.sidecar;

import io.poolpilot.sidecar.api.ApiVerticle;
import io.poolpilot.sidecar.ingest.OtlpIngestVerticle;
import io.poolpilot.sidecar.model.PoolModel;
import io.poolpilot.sidecar.ui.ConsoleReporterVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.time.Clock;

/**
 * A running sidecar: one shared {@link PoolModel} and the verticles around it. Kept apart from
 * {@link SidecarMain} so tests can start the whole sidecar inside their own Vert.x on free ports.
 */
public final class Sidecar {

  private final PoolModel model;
  private final OtlpIngestVerticle ingest;
  private final ApiVerticle api;

  private Sidecar(PoolModel model, OtlpIngestVerticle ingest, ApiVerticle api) {
    this.model = model;
    this.ingest = ingest;
    this.api = api;
  }

  /**
   * Deploys ingest, API and, if configured, the console reporter writing to {@code console}. Fails,
   * naming the address, if a port cannot be bound.
   */
  public static Future<Sidecar> start(Vertx vertx, SidecarConfig config, PrintStream console) {
    PoolModel model = new PoolModel();
    OtlpIngestVerticle ingest = new OtlpIngestVerticle(config.bind(), config.otlpPort(), model);
    ApiVerticle api = new ApiVerticle(config.bind(), config.apiPort(), model);
    Future<?> started =
        vertx
            .deployVerticle(ingest)
            .recover(e -> cannotListen("OTLP", config.bind(), config.otlpPort(), e))
            .compose(id -> vertx.deployVerticle(api))
            .recover(e -> cannotListen("API", config.bind(), config.apiPort(), e));
    if (config.console()) {
      started =
          started.compose(
              id ->
                  vertx.deployVerticle(
                      new ConsoleReporterVerticle(
                          model, config.consoleInterval(), console, Clock.systemDefaultZone())));
    }
    return started.map(id -> new Sidecar(model, ingest, api));
  }

  private static Future<String> cannotListen(String what, String host, int port, Throwable e) {
    if (e instanceof SidecarStartException) {
      return Future.failedFuture(e);
    }
    return Future.failedFuture(
        new SidecarStartException(
            "cannot listen for " + what + " on " + host + ":" + port + ": " + e.getMessage(), e));
  }

  public PoolModel model() {
    return model;
  }

  public int otlpPort() {
    return ingest.actualPort();
  }

  public int apiPort() {
    return api.actualPort();
  }

  /** Start-up failed for a reason outside the configuration's syntax, such as a busy port. */
  public static final class SidecarStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SidecarStartException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
