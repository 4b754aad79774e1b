package io.poolpilot.agent;

import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.poolpilot.agent.bootstrap.ExecutorHooks;
import io.poolpilot.agent.bootstrap.Tracing;
import io.poolpilot.agent.config.AgentConfig;
import io.poolpilot.agent.config.AgentConfigLoader;
import io.poolpilot.agent.control.ControlChannel;
import io.poolpilot.agent.instrumentation.AgentInstaller;
import io.poolpilot.agent.instrumentation.StartupProfile;
import io.poolpilot.agent.instrumentation.StartupQuiet;
import io.poolpilot.agent.instrumentation.TypeInstrumentation;
import io.poolpilot.agent.instrumentation.executor.EarlyPoolGate;
import io.poolpilot.agent.instrumentation.executor.JettyQueuedThreadPoolInstrumentation;
import io.poolpilot.agent.instrumentation.executor.ThreadPoolExecutorInstrumentation;
import io.poolpilot.agent.instrumentation.executor.TomcatThreadPoolInstrumentation;
import io.poolpilot.agent.instrumentation.http.HttpInstrumentations;
import io.poolpilot.agent.instrumentation.http.annotation.WithSpanInstrumentation;
import io.poolpilot.agent.pool.PoolRegistry;
import io.poolpilot.agent.pool.PoolResizer;
import io.poolpilot.agent.telemetry.AgentResource;
import io.poolpilot.agent.telemetry.ExecutorMetricProducer;
import io.poolpilot.agent.telemetry.OtlpTelemetry;
import io.poolpilot.agent.telemetry.StartHeldScheduler;
import io.poolpilot.agent.tracing.OtelTracing;
import io.poolpilot.agent.tracing.SamplerSettings;
import io.poolpilot.agent.transport.SidecarCredentials;
import java.io.File;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.jar.JarFile;

/**
 * The agent proper, loaded by its own class loader. {@code premain} only reads the configuration
 * and registers two pre-filters of plain JDK code (for {@code @WithSpan}, and the {@link
 * EarlyPoolGate}); everything that costs start-up time runs on one background thread while the
 * application starts: Byte Buddy's installation (about a thousand classes of its own to load), then
 * the OpenTelemetry SDK, then the control channel. Metric exports and the control channel's polls
 * then wait until the application's class loading has quietened ({@link StartupQuiet}), so that
 * they do not take processors from its start; spans are exported from the start. Classes the
 * application loads before the installation is done are retransformed by it; a class that would
 * build a pool meanwhile waits for it ({@link EarlyPoolGate}).
 */
public final class AgentMain {
  private AgentMain() {}

  /** Called by the launcher; everything it throws is caught and reported there. */
  public static void start(String args, Instrumentation inst, File agentJar) throws Exception {
    AgentConfig config = AgentConfigLoader.fromEnvironment(args);
    if (!config.enabled()) {
      return;
    }
    if (!ExecutorHooks.claimStart()) {
      report("the agent is already running in this JVM; this second start does nothing");
      return;
    }
    // Relocated with Byte Buddy, this key names the shaded copy. It keeps JDK 24+ from warning
    // about sun.misc.Unsafe.
    System.setProperty("net.bytebuddy.safe", "true");
    String version = versionOf(agentJar);

    PoolRegistry registry = new PoolRegistry(ExecutorHooks.probes(), AgentMain::report);
    EarlyPoolGate gate = new EarlyPoolGate(AgentMain.class.getClassLoader());
    inst.addTransformer(gate, false);
    installWithSpan(inst);
    PoolResizer resizer = new PoolResizer(registry, config.mode(), config.resizeBounds());

    Thread starter =
        new Thread(
            () -> {
              StartupProfile.reportEverySecond();
              long phase = StartupProfile.now();
              try {
                install(inst, config);
              } finally {
                gate.open();
                inst.removeTransformer(gate);
              }
              StartupProfile.add("start thread: installation", phase);
              phase = StartupProfile.now();
              // Drawn here, not in premain: the first random UUID seeds SecureRandom, some 20 ms
              // the application's main would otherwise wait for.
              String instanceId = UUID.randomUUID().toString();
              SidecarCredentials credentials = SidecarCredentials.withNewSession(config.token());
              StartupQuiet startup = StartupQuiet.ofThisJvm();
              StartHeldScheduler timer = StartHeldScheduler.agentTimer(startup::over);
              // OTEL_SDK_DISABLED=true: not even the SDK starts; the control channel still runs.
              if (config.export().enabled()) {
                startTelemetry(config, credentials, registry, version, instanceId, timer);
              }
              StartupProfile.add("start thread: SDK", phase);
              phase = StartupProfile.now();
              ControlChannel.start(
                  config,
                  credentials,
                  version,
                  instanceId,
                  registry,
                  resizer,
                  timer,
                  AgentMain::report);
              StartupProfile.add("start thread: control channel", phase);
            },
            "poolpilot-start");
    starter.setDaemon(true);
    starter.start();
  }

  /** Says something once on stderr; the agent never writes into the application's logs. */
  static void report(String line) {
    System.err.println("[poolpilot] " + line);
  }

  /**
   * Installs every instrumentation with one transformer. The pool classes are loaded first so both
   * are retransformed together, or neither is used; the framework classes are transformed as the
   * application loads them, or retransformed here if it already has. Whatever fails turns
   * measurement off and says so; the application runs on.
   */
  private static void install(Instrumentation inst, AgentConfig config) {
    try {
      installTransformer(inst, config);
    } catch (Throwable t) {
      ExecutorHooks.deactivate("the instrumentation could not be installed: " + t);
    }
  }

  private static void installTransformer(Instrumentation inst, AgentConfig config)
      throws ClassNotFoundException {
    ThreadPoolExecutorInstrumentation executors = new ThreadPoolExecutorInstrumentation();
    for (String name : executors.typeNames()) {
      Class.forName(name, false, null);
    }
    List<TypeInstrumentation> targets = new ArrayList<>();
    targets.add(executors);
    // Servlet containers' request pools, transformed when the application loads them.
    targets.add(new TomcatThreadPoolInstrumentation());
    targets.add(new JettyQueuedThreadPoolInstrumentation());
    targets.addAll(HttpInstrumentations.all(config));
    AgentInstaller.Result result = new AgentInstaller(inst).install(targets);
    if (result.complete(executors)) {
      ExecutorHooks.activate(AgentMain.class.getClassLoader());
    } else {
      ExecutorHooks.deactivate(
          "could not instrument ThreadPoolExecutor: transformed "
              + result.transformed()
              + ", errors "
              + result.errors());
    }
  }

  /**
   * {@code @WithSpan} is matched by annotation, which the name-only installer cannot do; its
   * pre-filter is plain JDK code, so it is registered in {@code premain} and sees every class the
   * application loads. Byte Buddy joins it only when the first annotated class arrives.
   */
  private static void installWithSpan(Instrumentation inst) {
    try {
      WithSpanInstrumentation.install(inst);
    } catch (Throwable t) {
      report("@WithSpan methods get no spans: " + t);
    }
  }

  private static void startTelemetry(
      AgentConfig config,
      SidecarCredentials credentials,
      PoolRegistry registry,
      String version,
      String instanceId,
      StartHeldScheduler timer) {
    try {
      ExecutorMetricProducer producer =
          new ExecutorMetricProducer(
              registry,
              version,
              () -> System.currentTimeMillis() * 1_000_000L,
              System::nanoTime,
              AgentMain::report);
      OtlpTelemetry telemetry =
          OtlpTelemetry.start(
              config,
              credentials,
              AgentResource.create(config, version, instanceId),
              producer,
              sampler(),
              timer,
              AgentMain::report);
      Tracing.install(new OtelTracing(telemetry.tracer(), telemetry.meter(), registry::nameOf));
      Thread flush = new Thread(telemetry::close, "poolpilot-shutdown");
      Runtime.getRuntime().addShutdownHook(flush);
    } catch (Throwable t) {
      report("telemetry could not start and is off: " + t);
    }
  }

  private static Sampler sampler() {
    try {
      return SamplerSettings.from(System::getenv);
    } catch (IllegalArgumentException e) {
      report(e.getMessage() + "; sampling every trace the caller did not decline instead");
      return Sampler.parentBased(Sampler.alwaysOn());
    }
  }

  private static String versionOf(File agentJar) {
    try (JarFile jar = new JarFile(agentJar)) {
      String version = jar.getManifest().getMainAttributes().getValue("Implementation-Version");
      return version == null ? "unknown" : version;
    } catch (Exception e) {
      return "unknown";
    }
  }
}
