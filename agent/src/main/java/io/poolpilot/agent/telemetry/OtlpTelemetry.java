package io.poolpilot.agent.telemetry;

import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporterBuilder;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.MetricProducer;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.poolpilot.agent.config.AgentConfig;
import io.poolpilot.agent.transport.SidecarCredentials;
import io.poolpilot.protocol.TelemetryNames;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The OpenTelemetry SDK as the agent uses it: OTLP/HTTP protobuf to the sidecar every {@code
 * export.interval}, each export one blocking POST on an export thread of the agent's ({@link
 * BlockingHttpSender}). Periodic metric exports begin once the application has started, so that
 * they do not compete with its start-up for the processors; nothing recorded before is lost.
 *
 * <p>The SDK logs each failed export through {@code java.util.logging}, which many applications
 * route into their own logs; the agent never writes there, so the SDK's loggers are silenced and
 * {@link FailureReportingMetricExporter} reports failures once on stderr instead.
 */
public final class OtlpTelemetry implements AutoCloseable {
  /** Kept strongly: java.util.logging forgets the level of a logger nobody references. */
  private static final Logger SDK_LOGGER = Logger.getLogger("io.opentelemetry");

  private static final Duration MAX_EXPORT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(1);

  private final SdkMeterProvider meterProvider;
  private final SdkTracerProvider tracerProvider;

  private OtlpTelemetry(SdkMeterProvider meterProvider, SdkTracerProvider tracerProvider) {
    this.meterProvider = meterProvider;
    this.tracerProvider = tracerProvider;
  }

  /**
   * @param credentials sent with every export, so the sidecar can tell this agent's telemetry from
   *     anyone else's
   * @param timer the agent's timer ({@link StartHeldScheduler#agentTimer}): periodic metric
   *     collections wait on it until the application has started; spans are exported as they come.
   *     Shutting the telemetry down shuts it down too
   */
  public static OtlpTelemetry start(
      AgentConfig config,
      SidecarCredentials credentials,
      Resource resource,
      MetricProducer producer,
      Sampler sampler,
      ScheduledExecutorService timer,
      Consumer<String> report) {
    try {
      SDK_LOGGER.setLevel(Level.OFF);
    } catch (RuntimeException e) {
      // A logging bridge that does not support levels (log4j-jul without log4j-core).
    }
    // A logging framework that takes java.util.logging over resets every logger's level (Spring
    // Boot's does, seconds after the agent has started); records that still pass then stop here
    // instead of reaching the framework's handler on the root logger.
    SDK_LOGGER.setUseParentHandlers(false);
    String metricsUrl = config.endpointPath("/v1/metrics").toString();
    Duration timeout = exportTimeout(config.exportInterval());
    PeriodicMetricReader reader =
        PeriodicMetricReader.builder(
                new FailureReportingMetricExporter(
                    new LazyMetricExporter(
                        () -> metricExporter(config, credentials, metricsUrl, timeout)),
                    metricsUrl,
                    report,
                    timer,
                    watchdogDeadline(timeout)))
            .setInterval(config.exportInterval())
            .setExecutor(timer)
            .build();
    SdkMeterProvider provider =
        SdkMeterProvider.builder()
            .setResource(resource)
            .registerMetricReader(reader)
            .registerMetricProducer(producer)
            .build();
    RuntimeMetrics.register(provider.get(TelemetryNames.SCOPE), CgroupCpu.ofThisProcess());
    return new OtlpTelemetry(
        provider, tracerProvider(config, credentials, resource, sampler, report));
  }

  /** The OTLP exporter of metrics; built at the first export ({@link LazyMetricExporter}). */
  static MetricExporter metricExporter(
      AgentConfig config, SidecarCredentials credentials, String metricsUrl, Duration timeout) {
    OtlpHttpMetricExporterBuilder exporter =
        OtlpHttpMetricExporter.builder()
            .setEndpoint(metricsUrl)
            .setTimeout(timeout)
            .setRetryPolicy(null)
            .setComponentLoader(BlockingHttpSender.componentLoader())
            // After the component loader: the compressor is looked up through it.
            .setCompression(config.export().metrics().compression());
    // Credentials last: a header of the same name from OTEL_* never replaces them.
    config.export().metrics().headers().forEach(exporter::addHeader);
    credentials.headers().forEach(exporter::addHeader);
    return exporter.build();
  }

  /**
   * Spans leave through a batch processor with a bounded queue: a slow or dead endpoint drops spans
   * once the queue is full, and the request that ended a span never waits for export.
   */
  private static SdkTracerProvider tracerProvider(
      AgentConfig config,
      SidecarCredentials credentials,
      Resource resource,
      Sampler sampler,
      Consumer<String> report) {
    if (!config.export().spans()) {
      // OTEL_TRACES_EXPORTER=none: spans still carry context across pools, nothing exports them.
      return SdkTracerProvider.builder().setResource(resource).setSampler(sampler).build();
    }
    URI tracesUri = tracesUrl(config);
    String tracesUrl = tracesUri.toString();
    Duration timeout = exportTimeout(config.exportInterval());
    BatchSpanProcessor spans =
        BatchSpanProcessor.builder(
                new FailureReportingSpanExporter(
                    new LazySpanExporter(
                        () -> spanExporter(config, credentials, tracesUri, timeout)),
                    tracesUrl,
                    report))
            .setScheduleDelay(SPAN_EXPORT_DELAY)
            .setExporterTimeout(watchdogDeadline(timeout))
            .build();
    return SdkTracerProvider.builder()
        .setResource(resource)
        .setSampler(sampler)
        .addSpanProcessor(spans)
        .build();
  }

  /** The OTLP exporter of spans; built at the first export ({@link LazySpanExporter}). */
  static SpanExporter spanExporter(
      AgentConfig config, SidecarCredentials credentials, URI tracesUri, Duration timeout) {
    OtlpHttpSpanExporterBuilder exporter =
        OtlpHttpSpanExporter.builder()
            .setEndpoint(tracesUri.toString())
            .setTimeout(timeout)
            .setRetryPolicy(null)
            .setComponentLoader(BlockingHttpSender.componentLoader())
            .setCompression(config.export().traces().compression());
    config.export().traces().headers().forEach(exporter::addHeader);
    if (sameOrigin(tracesUri, config.endpoint())) {
      credentials.headers().forEach(exporter::addHeader);
    }
    return exporter.build();
  }

  /**
   * {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} as given, else {@code /v1/traces} under the
   * endpoint.
   */
  static URI tracesUrl(AgentConfig config) {
    URI configured = config.export().tracesUrl();
    return configured != null ? configured : config.endpointPath("/v1/traces");
  }

  /**
   * Whether two URLs reach the same server (scheme, host and port alike). The sidecar's token and
   * this JVM's session go only there: spans sent to another collector must not hand it the secrets
   * that steer this JVM's pools.
   */
  static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost().equalsIgnoreCase(b.getHost())
        && port(a) == port(b);
  }

  private static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  /** Spans reach the sidecar's trace view within about a second, in batches. */
  private static final Duration SPAN_EXPORT_DELAY = Duration.ofSeconds(1);

  public Tracer tracer() {
    return tracerProvider.get(TelemetryNames.SCOPE);
  }

  public Meter meter() {
    return meterProvider.get(TelemetryNames.SCOPE);
  }

  /**
   * A backstop well past the exchange's own bounds ({@link io.poolpilot.agent.transport.HttpPost}
   * ends an exchange within about twice its time-out): it reports an export that never completes
   * for a reason those bounds do not cover, such as a name look-up that hangs. Firing earlier would
   * let exports overlap while a slow one is still within its time-out.
   */
  static Duration watchdogDeadline(Duration httpTimeout) {
    return httpTimeout.multipliedBy(2).plusSeconds(5);
  }

  /** Threads that never keep the JVM alive, named so a thread dump shows whose they are. */
  static ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * Long enough for a slow sidecar, short enough that a hung one holds up at most a few export
   * periods: the reader runs one export at a time and drops collections while one is in flight.
   */
  static Duration exportTimeout(Duration interval) {
    Duration fiveIntervals = interval.multipliedBy(5);
    return fiveIntervals.compareTo(MAX_EXPORT_TIMEOUT) > 0 ? MAX_EXPORT_TIMEOUT : fiveIntervals;
  }

  /** Exports what is left, waiting at most a second so a hung endpoint cannot delay exit. */
  @Override
  public void close() {
    // Both at once, so a hung endpoint holds up the application's exit by one wait, not two.
    CompletableResultCode.ofAll(List.of(tracerProvider.shutdown(), meterProvider.shutdown()))
        .join(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }
}
