package io.poolpilot.sidecar.api;

import io.poolpilot.protocol.control.PoolSizes;
import io.poolpilot.protocol.control.ReportedPool;
import io.poolpilot.sidecar.ConnectionLimits;
import io.poolpilot.sidecar.auth.BearerAuthHandler;
import io.poolpilot.sidecar.auth.BearerToken;
import io.poolpilot.sidecar.auth.HostHeaderCheck;
import io.poolpilot.sidecar.auth.HostHeaderHandler;
import io.poolpilot.sidecar.control.ControlService;
import io.poolpilot.sidecar.forward.ForwardStats;
import io.poolpilot.sidecar.journal.Journal;
import io.poolpilot.sidecar.journal.JournalCodec;
import io.poolpilot.sidecar.journal.JournalEntry;
import io.poolpilot.sidecar.model.InstanceKey;
import io.poolpilot.sidecar.model.LiveModel;
import io.poolpilot.sidecar.model.PoolHistory;
import io.poolpilot.sidecar.model.PoolModel;
import io.poolpilot.sidecar.node.NodeBudget;
import io.poolpilot.sidecar.ui.PoolTable;
import io.poolpilot.sidecar.ui.WebPage;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The people- and tool-facing HTTP API.
 *
 * <ul>
 *   <li>{@code GET /health}: {@code {"status":"UP"}} once the sidecar listens.
 *   <li>{@code GET /api/pools?offset=O&limit=L}: a page of the pools (see {@link PageRequest}) with
 *       their readings, desired sizes, pin and the agent's last result, as JSON, or every pool as
 *       the console's text table for a client that asks for {@code text/plain} (so a shell script
 *       needs no JSON tool).
 *   <li>{@code PUT /api/pools/{service}/{pool}} (names URL-encoded): {@code {"core": N, "max": M}}
 *       pins the pool in every instance of the service, {@code {"auto": true}} releases it. Needs
 *       the token.
 *   <li>{@code GET /api/pools/{service}/{pool}/history}: the pool's samples of the last 15 minutes,
 *       per instance.
 *   <li>{@code GET /api/node}: the node budget: each service's class, share, use and cap over the
 *       last 15 minutes ({@code docs/node.md}).
 *   <li>{@code GET /api/services} (instances, pins and HTTP routes), {@code GET
 *       /api/decisions?limit=N&service=S} (the journal, newest first), {@code GET /metrics}
 *       (Prometheus text format).
 *   <li>Traces and route history: see {@link TraceHandlers}.
 * </ul>
 *
 * <p>{@code GET /} is the web page ({@link WebPage}), drawn from the reads above.
 *
 * <p>{@code docs/api.md} describes every answer.
 *
 * <p>Answers whose cost grows with the pools or instances are built on a worker thread, never on
 * the event loop that also serves the agents.
 *
 * <p>Errors are {@code {"error": "..."}} saying what was wrong. A write is journaled (and forced to
 * disk) before it is answered, on a worker thread.
 */
public final class ApiVerticle extends VerticleBase {

  /** Decisions answered when no {@code limit} is given. */
  static final int DEFAULT_DECISIONS = 100;

  private static final String JSON = "application/json";
  private static final String TEXT = "text/plain";
  private static final long MAX_PIN_BODY_BYTES = 64 * 1024;

  private final String host;
  private final int port;
  private final LiveModel live;
  private final PoolModel model;
  private final ControlService control;
  private final BearerToken token;
  private final Supplier<Optional<ForwardStats>> forwarding;
  private final Supplier<Map<InstanceKey, Double>> capacityRatios;
  private final HostHeaderCheck hosts;
  private final Optional<NodeBudget> node;
  private HttpServer server;

  /** An API over a pool model alone, with no routes, traces or forwarding. */
  public ApiVerticle(
      String host, int port, PoolModel model, ControlService control, BearerToken token) {
    this(host, port, LiveModel.of(model), control, token, Optional::empty);
  }

  /**
   * @param port the port to listen on, 0 for any free one (see {@link #actualPort()})
   * @param token required on every write
   * @param forwarding what forwarding has done; empty when no upstream is configured
   */
  public ApiVerticle(
      String host,
      int port,
      LiveModel live,
      ControlService control,
      BearerToken token,
      Supplier<Optional<ForwardStats>> forwarding) {
    this(
        host,
        port,
        live,
        control,
        token,
        forwarding,
        Map::of,
        new HostHeaderCheck(host, List.of()),
        Optional.empty());
  }

  /**
   * @param port the port to listen on, 0 for any free one (see {@link #actualPort()})
   * @param token required on every write
   * @param forwarding what forwarding has done; empty when no upstream is configured
   * @param capacityRatios each instance's demand ratio (docs/capacity.md)
   * @param hosts which {@code Host} headers are answered; checked before every route
   * @param node the node budget; empty answers {@code /api/node} with 404
   */
  public ApiVerticle(
      String host,
      int port,
      LiveModel live,
      ControlService control,
      BearerToken token,
      Supplier<Optional<ForwardStats>> forwarding,
      Supplier<Map<InstanceKey, Double>> capacityRatios,
      HostHeaderCheck hosts,
      Optional<NodeBudget> node) {
    this.node = Objects.requireNonNull(node, "node");
    this.hosts = Objects.requireNonNull(hosts, "hosts");
    this.capacityRatios = Objects.requireNonNull(capacityRatios, "capacityRatios");
    this.host = Objects.requireNonNull(host, "host");
    this.port = port;
    this.live = Objects.requireNonNull(live, "live");
    this.model = live.pools();
    this.control = Objects.requireNonNull(control, "control");
    this.token = Objects.requireNonNull(token, "token");
    this.forwarding = Objects.requireNonNull(forwarding, "forwarding");
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.route().handler(HostHeaderHandler.api(hosts));
    router.get("/health").handler(this::health);
    router.get("/api/pools").produces(JSON).produces(TEXT).handler(this::pools);
    router
        .put("/api/pools/:service/:pool")
        .handler(new BearerAuthHandler(token))
        .handler(BodyHandler.create(false).setBodyLimit(MAX_PIN_BODY_BYTES))
        .handler(this::pin);
    router.get("/api/pools/:service/:pool/history").handler(this::history);
    router.get("/api/services").handler(this::services);
    TraceHandlers traces = new TraceHandlers(live.traces(), live.routes());
    router.get("/api/traces").handler(traces::list);
    router.get("/api/traces/:traceId").handler(traces::trace);
    router.get("/api/routes/:service/history").handler(traces::routeHistory);
    router.get("/api/decisions").handler(this::decisions);
    router.get("/api/node").handler(this::node);
    router.get("/metrics").handler(this::metrics);
    WebPage.mount(router);
    router.route().failureHandler(this::failure);
    router.errorHandler(404, this::failure);
    router.errorHandler(405, this::failure);
    router.errorHandler(406, this::failure);
    return vertx
        .createHttpServer(ConnectionLimits.serverOptions(new HttpServerOptions()))
        .connectionHandler(ConnectionLimits.of("API listener"))
        .requestHandler(router)
        .listen(port, host)
        .onSuccess(listening -> server = listening);
  }

  /** The bound port, once started. */
  public int actualPort() {
    if (server == null) {
      throw new IllegalStateException("API listener not started");
    }
    return server.actualPort();
  }

  private void node(RoutingContext ctx) {
    if (node.isEmpty()) {
      error(ctx, 404, "this sidecar keeps no node budget");
      return;
    }
    ctx.json(NodeJson.of(node.get()));
  }

  private void health(RoutingContext ctx) {
    ctx.json(new JsonObject().put("status", "UP"));
  }

  private void pools(RoutingContext ctx) {
    if (TEXT.equals(ctx.getAcceptableContentType())) {
      answerOffLoop(
          ctx, TEXT + "; charset=utf-8", () -> Buffer.buffer(PoolTable.render(model.snapshots())));
      return;
    }
    PageRequest page;
    try {
      page = PageRequest.parse(ctx.queryParams().get("offset"), ctx.queryParams().get("limit"));
    } catch (PageRequest.Invalid e) {
      error(ctx, 400, e.getMessage());
      return;
    }
    answerOffLoop(ctx, JSON, () -> poolsPage(page).toBuffer());
  }

  /** One page of {@code GET /api/pools}; the join over every pool runs on a worker. */
  private JsonObject poolsPage(PageRequest page) {
    List<PoolView> all = views();
    LastDecisions decisions = new LastDecisions(control.recentDecisions(Journal.RECENT_ENTRIES));
    Map<String, Set<String>> requestPools = new HashMap<>();
    JsonArray pools = new JsonArray();
    for (PoolView view : page.slice(all)) {
      boolean servesRequests =
          requestPools
              .computeIfAbsent(view.key().service(), live.routes()::requestPools)
              .contains(view.key().pool());
      pools.add(ApiJson.pool(view, servesRequests, decisions.of(view.key())));
    }
    return page.describe(new JsonObject().put("pools", pools), all.size());
  }

  /**
   * Builds an answer on a worker thread and writes the finished bytes from the event loop. Answers
   * whose cost grows with the pools or instances (10,000 pools at a thousand instances of ten took
   * 775 ms to build, run S12) would otherwise stop every request the event loop serves, the agents'
   * exports and control polls among them. Unordered, so that one slow answer does not hold back
   * another.
   */
  private void answerOffLoop(RoutingContext ctx, String contentType, Callable<Buffer> build) {
    vertx
        .executeBlocking(build, false)
        .onSuccess(
            body -> {
              if (!ctx.response().ended() && !ctx.response().closed()) {
                ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, contentType).end(body);
              }
            })
        .onFailure(e -> error(ctx, 500, "internal error: " + e));
  }

  private void history(RoutingContext ctx) {
    String service = ctx.pathParam("service");
    String pool = ctx.pathParam("pool");
    List<PoolHistory> histories = model.history(service, pool);
    if (histories.isEmpty()) {
      Optional<String> unknown = unknown(service, pool);
      error(
          ctx,
          404,
          unknown.orElse(
              "pool '" + pool + "' of service '" + service + "' has no telemetry history yet"));
      return;
    }
    ctx.json(ApiJson.history(service, pool, histories));
  }

  private List<PoolView> views() {
    return PoolViews.join(model.snapshots(), control.agents(), control.pins(), control::desiredFor);
  }

  private List<InstanceView> instances() {
    return InstanceView.join(model.instances(), control.agents());
  }

  private void pin(RoutingContext ctx) {
    String service = ctx.pathParam("service");
    String pool = ctx.pathParam("pool");
    PinRequest request;
    try {
      request = PinRequest.parse(ctx.body().buffer());
    } catch (PinRequest.Invalid e) {
      error(ctx, 400, e.getMessage());
      return;
    }
    Optional<String> unknown = unknown(service, pool);
    if (unknown.isPresent()) {
      error(ctx, 404, unknown.get());
      return;
    }
    String where = "through PUT /api/pools from " + ctx.request().remoteAddress();
    if (request.sizes().isPresent()) {
      PoolSizes sizes = request.sizes().get();
      Optional<String> refusal = notResizable(service, pool);
      if (refusal.isPresent()) {
        error(ctx, 409, refusal.get());
        return;
      }
      vertx
          .executeBlocking(() -> control.pin(service, pool, sizes, "pinned " + where))
          .onSuccess(
              changed ->
                  ctx.json(
                      pinAnswer(service, pool, changed)
                          .put("pinned", true)
                          .put("core", sizes.core())
                          .put("max", sizes.max())))
          .onFailure(e -> error(ctx, 500, "the pin was not saved: " + e.getMessage()));
    } else {
      vertx
          .executeBlocking(() -> control.release(service, pool, "released " + where))
          .onSuccess(
              previous ->
                  ctx.json(pinAnswer(service, pool, previous.isPresent()).put("pinned", false)))
          .onFailure(e -> error(ctx, 500, "the release was not saved: " + e.getMessage()));
    }
  }

  private static JsonObject pinAnswer(String service, String pool, boolean changed) {
    return new JsonObject().put("service", service).put("pool", pool).put("changed", changed);
  }

  /** Why {@code service}/{@code pool} is unknown: neither reported nor pinned; empty if known. */
  private Optional<String> unknown(String service, String pool) {
    Map<String, Map<String, PoolSizes>> pins = control.pins();
    TreeSet<String> pools = new TreeSet<>(pins.getOrDefault(service, Map.of()).keySet());
    boolean serviceKnown = pins.containsKey(service);
    for (InstanceView instance : instances()) {
      if (instance.key().service().equals(service)) {
        serviceKnown = true;
        instance.agent().ifPresent(a -> a.pools().forEach(p -> pools.add(p.name())));
      }
    }
    model.snapshots().stream()
        .filter(snapshot -> snapshot.key().service().equals(service))
        .forEach(snapshot -> pools.add(snapshot.key().pool()));
    if (!serviceKnown) {
      TreeSet<String> services = new TreeSet<>(pins.keySet());
      model.instances().forEach(instance -> services.add(instance.key().service()));
      return Optional.of(
          "no service '"
              + service
              + "' has reported to this sidecar; known services: "
              + list(services));
    }
    if (!pools.contains(pool)) {
      return Optional.of(
          "service '" + service + "' has no pool '" + pool + "'; its pools: " + list(pools));
    }
    return Optional.empty();
  }

  /** The agents' refusal when every agent that reports the pool says it cannot be resized. */
  private Optional<String> notResizable(String service, String pool) {
    List<ReportedPool> reported =
        instances().stream()
            .filter(instance -> instance.key().service().equals(service))
            .map(InstanceView::agent)
            .flatMap(Optional::stream)
            .map(agent -> agent.pool(pool))
            .flatMap(Optional::stream)
            .toList();
    if (reported.isEmpty() || reported.stream().anyMatch(ReportedPool::resizable)) {
      return Optional.empty();
    }
    String why = reported.get(0).refusal().orElse("the agent reports it as not resizable");
    return Optional.of(
        "pool '" + pool + "' of service '" + service + "' cannot be resized: " + why);
  }

  private void services(RoutingContext ctx) {
    answerOffLoop(ctx, JSON, () -> servicesAnswer().toBuffer());
  }

  private JsonObject servicesAnswer() {
    Map<InstanceKey, Integer> poolCounts = new HashMap<>();
    views().forEach(view -> poolCounts.merge(InstanceKey.of(view.key()), 1, Integer::sum));
    return ApiJson.services(
        instances(),
        control.pins(),
        control::lastIssued,
        poolCounts,
        live.routes().routes(Optional.empty()));
  }

  private void decisions(RoutingContext ctx) {
    int limit;
    String limitParam = ctx.queryParams().get("limit");
    try {
      limit = limitParam == null ? DEFAULT_DECISIONS : Integer.parseInt(limitParam);
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > Journal.RECENT_ENTRIES) {
      error(
          ctx,
          400,
          "limit '" + limitParam + "' is not a whole number from 1 to " + Journal.RECENT_ENTRIES);
      return;
    }
    String service = ctx.queryParams().get("service");
    int wanted = limit;
    answerOffLoop(ctx, JSON, () -> decisionsAnswer(service, wanted).toBuffer());
  }

  private JsonObject decisionsAnswer(String service, int limit) {
    List<JournalEntry> entries =
        control.recentDecisions(Journal.RECENT_ENTRIES).stream()
            .filter(entry -> service == null || entry.service().equals(service))
            .limit(limit)
            .toList();
    JsonArray decisions = new JsonArray();
    entries.forEach(entry -> decisions.add(JournalCodec.toJson(entry)));
    return new JsonObject().put("decisions", decisions);
  }

  private void metrics(RoutingContext ctx) {
    answerOffLoop(
        ctx,
        PrometheusText.CONTENT_TYPE,
        () ->
            Buffer.buffer(
                PrometheusText.render(views(), instances())
                    + PrometheusText.renderTelemetry(live.traces().stats(), forwarding.get())
                    + PrometheusText.renderCapacity(capacityRatios.get())));
  }

  private static String list(TreeSet<String> names) {
    return names.isEmpty()
        ? "none"
        : names.stream().map(name -> "'" + name + "'").collect(Collectors.joining(", "));
  }

  private void failure(RoutingContext ctx) {
    int status = ctx.statusCode() < 400 ? 500 : ctx.statusCode();
    String message =
        switch (status) {
          case 404 -> "no resource at " + ctx.request().path();
          case 405 -> ctx.request().method() + " not allowed on " + ctx.request().path();
          case 406 ->
              "cannot answer in "
                  + ctx.request().getHeader(HttpHeaders.ACCEPT)
                  + ", ask for "
                  + JSON
                  + " or "
                  + TEXT;
          case 413 -> "request body larger than " + MAX_PIN_BODY_BYTES + " bytes";
          default -> "internal error" + (ctx.failure() == null ? "" : ": " + ctx.failure());
        };
    error(ctx, status, message);
  }

  static void error(RoutingContext ctx, int status, String message) {
    if (!ctx.response().ended()) {
      ctx.response()
          .setStatusCode(status)
          .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
          .end(new JsonObject().put("error", message).encode());
    }
  }
}
