package io.poolpilot.benchmarks.sidecar;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.poolpilot.protocol.control.ControlProtocol;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Replays the agents: one thread walks the {@link ReplaySchedule} and, at each agent's slot, sends
 * its metrics export, its traces export and its control poll through a Vert.x client with a bounded
 * connection pool, as three agents' worth of kept-alive connections would. Answers are read on
 * Vert.x's event loop; the thread only builds bodies and hands them over, so one slow answer never
 * delays another agent's slot.
 */
final class ReplayDriver implements AutoCloseable {
  private static final long SECOND = 1_000_000_000L;

  private final Vertx vertx = Vertx.vertx();
  private final HttpClient client;
  private final String host;
  private final int port;
  private final String token;
  private final List<ReplayedAgent> agents;
  private final ReplaySchedule schedule;
  private final int spansPerExport;
  final EndpointStats metrics = new EndpointStats("metrics");
  final EndpointStats traces = new EndpointStats("traces");
  final EndpointStats control = new EndpointStats("control");

  /** How late the replay thread reached a slot: its own lag, not the sidecar's. */
  final Histogram sendLag = new ConcurrentHistogram(60_000_000_000L, 3);

  private volatile boolean running = true;

  ReplayDriver(
      URI otlp, String token, List<ReplayedAgent> agents, int spansPerExport, int connections) {
    this.host = otlp.getHost();
    this.port = otlp.getPort();
    this.token = token;
    this.agents = agents;
    this.schedule = new ReplaySchedule(agents.size(), SECOND);
    this.spansPerExport = spansPerExport;
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(true).setKeepAliveTimeout(20),
            new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(100_000));
  }

  /** Replays until {@link #stop()}; returns when the replay thread ends. */
  void run() {
    long startMono = System.nanoTime();
    long startEpoch = epochNanos();
    long[] lastSent = new long[agents.size()];
    for (long round = 0; running; round++) {
      for (int i = 0; i < agents.size() && running; i++) {
        long due = schedule.dueNanos(startMono, i, round);
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
          LockSupport.parkNanos(wait);
        }
        sendLag.recordValue(Math.max(0, System.nanoTime() - due));
        long nowEpoch = startEpoch + (System.nanoTime() - startMono);
        double elapsed = lastSent[i] == 0 ? 1.0 : (due - lastSent[i]) / 1e9;
        lastSent[i] = due;
        sendSlot(agents.get(i), due, nowEpoch, elapsed);
      }
    }
  }

  void stop() {
    running = false;
  }

  private void sendSlot(ReplayedAgent agent, long due, long nowEpoch, double elapsed) {
    Map<String, String> headers = agent.headers(token);
    byte[] metricsBody;
    byte[] tracesBody;
    byte[] report;
    synchronized (agent) {
      metricsBody = agent.metricsExport(nowEpoch, elapsed);
      tracesBody = agent.tracesExport(nowEpoch, spansPerExport);
      report = agent.controlReport();
    }
    post(
        "/v1/metrics",
        "application/x-protobuf",
        headers,
        metricsBody,
        due,
        metrics,
        body ->
            ExportMetricsServiceResponse.parseFrom(body)
                .getPartialSuccess()
                .getRejectedDataPoints());
    post(
        "/v1/traces",
        "application/x-protobuf",
        headers,
        tracesBody,
        due,
        traces,
        body -> ExportTraceServiceResponse.parseFrom(body).getPartialSuccess().getRejectedSpans());
    post(
        ControlProtocol.PATH,
        ControlProtocol.CONTENT_TYPE,
        headers,
        report,
        due,
        control,
        body -> {
          JsonObject state = new JsonObject(Buffer.buffer(body));
          synchronized (agent) {
            agent.apply(state);
          }
          return 0;
        });
  }

  /** What an answer's body says was refused; 0 when all was taken. */
  interface Refusals {
    long count(byte[] body) throws Exception;
  }

  private void post(
      String path,
      String contentType,
      Map<String, String> headers,
      byte[] body,
      long due,
      EndpointStats stats,
      Refusals refusals) {
    stats.sent.incrementAndGet();
    client
        .request(HttpMethod.POST, port, host, path)
        .compose(
            request -> {
              request.putHeader("Content-Type", contentType);
              headers.forEach(request::putHeader);
              return request.send(Buffer.buffer(body));
            })
        .compose(response -> response.body().map(b -> new Answer(response.statusCode(), b)))
        .onComplete(
            done -> {
              if (done.failed()) {
                stats.failed.incrementAndGet();
                return;
              }
              stats.answered(System.nanoTime() - due);
              Answer answer = done.result();
              if (answer.status / 100 != 2) {
                stats.non2xx.incrementAndGet();
                stats.lastNon2xxStatus.set(answer.status);
                return;
              }
              try {
                stats.rejected.addAndGet(refusals.count(answer.body.getBytes()));
              } catch (Exception e) {
                stats.failed.incrementAndGet();
              }
            });
  }

  private record Answer(int status, Buffer body) {}

  /** Resets every count, so the warm-up's answers are not counted. */
  void resetStats() {
    for (EndpointStats stats : List.of(metrics, traces, control)) {
      stats.reset();
    }
    sendLag.reset();
  }

  List<EndpointStats> endpoints() {
    return List.of(metrics, traces, control);
  }

  /** Waits a little for answers still in flight, so the last second's are counted too. */
  void drain(Consumer<String> say) {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < until && inFlight() > 0) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
    if (inFlight() > 0) {
      StringBuilder detail = new StringBuilder();
      for (EndpointStats e : endpoints()) {
        detail.append(
            String.format(
                " %s sent=%d answered=%d failed=%d;",
                e.name, e.sent.get(), e.count(), e.failed.get()));
      }
      say.accept("sidecar-cost: " + inFlight() + " requests still unanswered after 5 s:" + detail);
    }
  }

  long inFlight() {
    long pending = 0;
    for (EndpointStats s : endpoints()) {
      pending += s.sent.get() - s.count() - s.failed.get();
    }
    return pending;
  }

  private static long epochNanos() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * SECOND + now.getNano();
  }

  @Override
  public void close() {
    client.close().await();
    vertx.close().await();
  }
}
