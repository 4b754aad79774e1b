package io.poolpilot.sidecar;

import io.poolpilot.sidecar.api.ApiVerticle;
import io.poolpilot.sidecar.auth.AgentSessions;
import io.poolpilot.sidecar.auth.BearerToken;
import io.poolpilot.sidecar.auth.TelemetrySenders;
import io.poolpilot.sidecar.auth.TokenFile;
import io.poolpilot.sidecar.capacity.CapacityProvider;
import io.poolpilot.sidecar.capacity.CapacityProviders;
import io.poolpilot.sidecar.capacity.CapacityService;
import io.poolpilot.sidecar.config.SidecarConfig;
import io.poolpilot.sidecar.control.ControlEndpoint;
import io.poolpilot.sidecar.control.ControlService;
import io.poolpilot.sidecar.control.Pins;
import io.poolpilot.sidecar.decision.DecisionLoopVerticle;
import io.poolpilot.sidecar.decision.DecisionLoops;
import io.poolpilot.sidecar.forward.ForwardStats;
import io.poolpilot.sidecar.forward.OtlpPayload;
import io.poolpilot.sidecar.forward.UpstreamForwarderVerticle;
import io.poolpilot.sidecar.ingest.OtlpIngest;
import io.poolpilot.sidecar.journal.Journal;
import io.poolpilot.sidecar.journal.JournalReplay;
import io.poolpilot.sidecar.model.LiveModel;
import io.poolpilot.sidecar.model.PoolModel;
import io.poolpilot.sidecar.node.NodeBudget;
import io.poolpilot.sidecar.ui.ConsoleReporterVerticle;
import io.poolpilot.tuning.PoolPilotTuner;
import io.poolpilot.tuning.TunerConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A running sidecar, wired as the design's boxes: one shared {@link LiveModel} that ingest feeds,
 * the decision loops that it wakes, the control service that versions their desired states, the
 * journal they all write to, the forwarder when an upstream is configured, and the verticles around
 * them. Kept apart from {@link SidecarMain} so tests can start the whole sidecar inside their own
 * Vert.x on free ports, stop it, and start another on the same data directory.
 */
public final class Sidecar {

  private static final String NAME = "poolpilot-sidecar";

  private final Vertx vertx;
  private final LiveModel live;
  private final ControlService control;
  private final Optional<UpstreamForwarderVerticle> forwarder;
  private final AgentListenerVerticle listener;
  private final ApiVerticle api;
  private final Prepared prepared;
  private final List<String> deployments;

  private Sidecar(
      Vertx vertx,
      LiveModel live,
      ControlService control,
      Optional<UpstreamForwarderVerticle> forwarder,
      AgentListenerVerticle listener,
      ApiVerticle api,
      Prepared prepared,
      List<String> deployments) {
    this.vertx = vertx;
    this.live = live;
    this.control = control;
    this.forwarder = forwarder;
    this.listener = listener;
    this.api = api;
    this.prepared = prepared;
    this.deployments = List.copyOf(deployments);
  }

  /** What start-up reads from disk before anything listens. */
  private record Prepared(
      Journal journal,
      JournalReplay replay,
      BearerToken apiToken,
      Optional<Path> tokenFile,
      List<CapacityProvider> providers) {}

  /** {@link #start(Vertx, SidecarConfig, PrintStream, Clock)} on the system clock. */
  public static Future<Sidecar> start(Vertx vertx, SidecarConfig config, PrintStream console) {
    return start(vertx, config, console, Clock.systemUTC());
  }

  /**
   * Opens the journal and resumes from it, resolves the token, then deploys the forwarder (if an
   * upstream is configured), the decision loops' timer, the agent-facing listener (OTLP ingest and
   * the control endpoint), API, instance expiry and, if configured, the console reporter writing to
   * {@code console}. Fails, naming the address, if a port cannot be bound, and naming the file if
   * the journal or token file cannot be used.
   */
  public static Future<Sidecar> start(
      Vertx vertx, SidecarConfig config, PrintStream console, Clock clock) {
    return vertx
        .executeBlocking(() -> prepare(config, console, clock))
        .recover(e -> Future.failedFuture(new SidecarStartException(e.getMessage(), e)))
        .compose(prepared -> deploy(vertx, config, console, clock, prepared));
  }

  private static Prepared prepare(SidecarConfig config, PrintStream console, Clock clock)
      throws IOException {
    JournalReplay replay = new JournalReplay();
    Journal journal;
    try {
      journal =
          Journal.open(
              config.dataDir(),
              replay,
              warning -> {
                console.println(NAME + ": " + warning);
                console.flush();
              });
    } catch (IOException e) {
      throw new IOException(
          "cannot use data.dir " + config.dataDir().toAbsolutePath() + ": " + describe(e), e);
    }
    try {
      List<CapacityProvider> providers =
          CapacityProviders.create(config.capacity(), console, clock, System.getenv());
      if (config.token().isPresent()) {
        return new Prepared(journal, replay, config.token().get(), Optional.empty(), providers);
      }
      Path file = config.effectiveTokenFile().toAbsolutePath().normalize();
      try {
        TokenFile.Loaded loaded = TokenFile.loadOrCreate(file, new SecureRandom());
        return new Prepared(journal, replay, loaded.token(), Optional.of(file), providers);
      } catch (IOException e) {
        providers.forEach(CapacityProvider::close);
        throw new IOException("cannot use token.file " + file + ": " + describe(e), e);
      }
    } catch (IOException | RuntimeException e) {
      closeQuietly(journal);
      throw e;
    }
  }

  /** The JDK's file errors carry only a path as their message; say what kind of error it was. */
  private static String describe(IOException e) {
    return e instanceof FileSystemException ? e.toString() : e.getMessage();
  }

  private static Future<Sidecar> deploy(
      Vertx vertx, SidecarConfig config, PrintStream console, Clock clock, Prepared prepared) {
    LiveModel live = LiveModel.create(clock, config.traces(), config.history());
    Consumer<String> warn =
        warning -> {
          console.println(NAME + ": " + warning);
          console.flush();
        };
    // The budget and the loops read each other: the loops its caps, it their agents' reports.
    AtomicReference<DecisionLoops> loopsRef = new AtomicReference<>();
    NodeBudget budget =
        new NodeBudget(
            config.node(),
            prepared.journal(),
            clock,
            Runtime.getRuntime().availableProcessors(),
            live.pools(),
            live.processes(),
            () -> loopsRef.get().agents(),
            live.routes()::requestPools,
            config.tuning().include(),
            service -> loopsRef.get().capsChanged(service));
    CapacityService capacity =
        new CapacityService(
            config.capacity().policy(),
            prepared.providers(),
            prepared.journal(),
            clock,
            warn,
            budget::note);
    Pins pins = new Pins(prepared.replay().pins());
    DecisionLoops loops =
        new DecisionLoops(
            config.tuning(),
            prepared.journal(),
            clock,
            floor ->
                new PoolPilotTuner(
                    TunerConfig.DEFAULTS.withSizes(
                        floor, Math.max(floor, TunerConfig.DEFAULTS.maxSize())),
                    clock),
            Runtime.getRuntime().availableProcessors(),
            live.pools(),
            live.processes(),
            live.routes()::requestPools,
            pins::of,
            capacity,
            budget::cap);
    loopsRef.set(loops);
    live.pools().onReading(loops::telemetryArrived);
    ControlService control =
        new ControlService(live.pools(), prepared.journal(), clock, pins, loops, prepared.replay());
    Optional<UpstreamForwarderVerticle> forwarder =
        config.upstream().map(upstream -> new UpstreamForwarderVerticle(upstream, console));
    Consumer<OtlpPayload> forward =
        forwarder.<Consumer<OtlpPayload>>map(f -> f).orElse(payload -> {});
    AgentSessions sessions = new AgentSessions();
    OtlpIngest ingest =
        new OtlpIngest(live, new TelemetrySenders(prepared.apiToken(), sessions), forward);
    ControlEndpoint endpoint =
        new ControlEndpoint(control, prepared.apiToken(), sessions, config.pollInterval(), clock);
    AgentListenerVerticle listener =
        new AgentListenerVerticle(
            config.bind(),
            config.otlpPort(),
            List.of(ingest::mount, endpoint::mount),
            ingest::mountFallbacks,
            config.hostHeaderCheck());
    ApiVerticle api =
        new ApiVerticle(
            config.bind(),
            config.apiPort(),
            live,
            control,
            prepared.apiToken(),
            () -> forwarder.map(UpstreamForwarderVerticle::stats),
            capacity::ratios,
            config.hostHeaderCheck(),
            Optional.of(budget));
    List<String> deployed = Collections.synchronizedList(new ArrayList<>());
    Future<?> started =
        vertx
            .deployVerticle(new JournalCloser(prepared.journal()))
            .onSuccess(deployed::add)
            .compose(id -> vertx.deployVerticle(new CapacityCloser(capacity)))
            .onSuccess(deployed::add);
    if (forwarder.isPresent()) {
      started =
          started.compose(id -> vertx.deployVerticle(forwarder.get())).onSuccess(deployed::add);
    }
    started =
        started
            .compose(id -> vertx.deployVerticle(new DecisionLoopVerticle(loops, budget::runDue)))
            .onSuccess(deployed::add)
            .compose(
                id ->
                    vertx
                        .deployVerticle(listener)
                        .recover(e -> cannotListen("OTLP", config.bind(), config.otlpPort(), e)))
            .onSuccess(deployed::add)
            .compose(
                id ->
                    vertx
                        .deployVerticle(api)
                        .recover(e -> cannotListen("API", config.bind(), config.apiPort(), e)))
            .onSuccess(deployed::add)
            .compose(
                id ->
                    vertx.deployVerticle(
                        new InstanceExpiryVerticle(
                            live, control, sessions, config.instanceExpiry(), console)))
            .onSuccess(deployed::add);
    if (config.console()) {
      started =
          started
              .compose(
                  id ->
                      vertx.deployVerticle(
                          new ConsoleReporterVerticle(
                              live.pools(),
                              config.consoleInterval(),
                              console,
                              Clock.systemDefaultZone())))
              .onSuccess(deployed::add);
    }
    return started
        .map(id -> new Sidecar(vertx, live, control, forwarder, listener, api, prepared, deployed))
        .recover(
            e -> {
              if (deployed.isEmpty()) {
                closeQuietly(prepared.journal());
              }
              return undeploy(vertx, deployed).transform(ignored -> Future.failedFuture(e));
            });
  }

  private static Future<String> cannotListen(String what, String host, int port, Throwable e) {
    if (e instanceof SidecarStartException) {
      return Future.failedFuture(e);
    }
    return Future.failedFuture(
        new SidecarStartException(
            "cannot listen for " + what + " on " + host + ":" + port + ": " + e.getMessage(), e));
  }

  /** Stops this sidecar's verticles, newest first, and closes the journal (releasing its lock). */
  public Future<Void> close() {
    return undeploy(vertx, deployments);
  }

  private static Future<Void> undeploy(Vertx vertx, List<String> deployments) {
    List<String> newestFirst = new ArrayList<>(deployments);
    Collections.reverse(newestFirst);
    Future<Void> chain = Future.succeededFuture();
    for (String id : newestFirst) {
      chain = chain.compose(ignored -> vertx.undeploy(id));
    }
    return chain;
  }

  private static void closeQuietly(Journal journal) {
    try {
      journal.close();
    } catch (IOException ignored) {
      // Start-up already failed; the first error is the one to report.
    }
  }

  public PoolModel model() {
    return live.pools();
  }

  /** Pools, routes and traces. */
  public LiveModel live() {
    return live;
  }

  /** What forwarding has done; empty without an upstream. */
  public Optional<ForwardStats> forwarding() {
    return forwarder.map(UpstreamForwarderVerticle::stats);
  }

  public ControlService control() {
    return control;
  }

  public int otlpPort() {
    return listener.actualPort();
  }

  public int apiPort() {
    return api.actualPort();
  }

  /** The journal file decisions are written to. */
  public Path journalFile() {
    return prepared.journal().file();
  }

  /** The file the API token was read from or written to; empty when it was configured. */
  public Optional<Path> tokenFile() {
    return prepared.tokenFile();
  }

  /** Closes the journal when undeployed, so stopping Vert.x releases the data directory. */
  private static final class JournalCloser extends VerticleBase {
    private final Journal journal;

    JournalCloser(Journal journal) {
      this.journal = journal;
    }

    @Override
    public Future<?> stop() {
      return vertx.executeBlocking(
          () -> {
            journal.close();
            return null;
          });
    }
  }

  /** Stops the capacity providers (their threads and clients) when undeployed. */
  private static final class CapacityCloser extends VerticleBase {
    private final CapacityService capacity;

    CapacityCloser(CapacityService capacity) {
      this.capacity = capacity;
    }

    @Override
    public Future<?> stop() {
      return vertx.executeBlocking(
          () -> {
            capacity.close();
            return null;
          });
    }
  }

  /** Start-up failed for a reason outside the configuration's syntax, such as a busy port. */
  public static final class SidecarStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SidecarStartException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
