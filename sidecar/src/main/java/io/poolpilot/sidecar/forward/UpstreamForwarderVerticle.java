package io.poolpilot.sidecar.forward;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Sends every accepted OTLP body on to the {@link Upstream}, unchanged: the same bytes, content
 * type and content encoding, to the upstream's base URL plus the path it arrived on.
 *
 * <p>The ingest hands payloads over through {@link #accept} after it has answered its sender, and
 * returns at once: the payload goes into a {@link ForwardBuffer} and this verticle, on its own
 * Vert.x context and without ever blocking, sends them one at a time, oldest first. Memory: the
 * buffer's bound plus the payload in flight (at most the ingest's 20 MiB limit). A dead or hung
 * upstream therefore costs the ingest and the control loop nothing: connecting gives up after
 * {@code connectTimeout}, a request after {@code requestTimeout}, and meanwhile new payloads queue
 * up to the buffer's bound, the oldest dropping out. One request at a time keeps the order and is
 * ample: the agent exports once a second.
 *
 * <p>Outcomes: a 2xx is forwarded. Connection errors, time-outs, 429, 502, 503 and 504 are tried
 * again after a {@link Backoff} (honouring {@code Retry-After}), for as long as the payload stays
 * in the buffer. Any other answer means the upstream will never take this payload; it is counted as
 * failed and the next one goes. The first failure after a success is reported once on the console,
 * and so is the recovery. Payloads dropped because the buffer was full are reported through a
 * {@link DropReporter}: the first with what to do, then a summary at most once a minute, then when
 * the buffer has drained.
 */
public final class UpstreamForwarderVerticle extends VerticleBase implements Consumer<OtlpPayload> {

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private static final Set<Integer> RETRYABLE = Set.of(429, 502, 503, 504);
  private static final String NAME = "poolpilot-sidecar";

  private final Upstream upstream;
  private final Backoff backoff;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final PrintStream console;
  private final Clock clock;
  private final DropReporter drops;
  private final ForwardBuffer<OtlpPayload> buffer;
  private final AtomicLong forwarded = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();

  private volatile Context context;
  private HttpClient client;
  private boolean sending;
  private long retryTimer = -1;
  private int failuresInARow;
  private boolean reported;
  private boolean stopped;

  public UpstreamForwarderVerticle(Upstream upstream, PrintStream console) {
    this(
        upstream,
        Backoff.defaults(),
        DEFAULT_CONNECT_TIMEOUT,
        DEFAULT_REQUEST_TIMEOUT,
        console,
        Clock.systemUTC());
  }

  public UpstreamForwarderVerticle(
      Upstream upstream,
      Backoff backoff,
      Duration connectTimeout,
      Duration requestTimeout,
      PrintStream console,
      Clock clock) {
    this.upstream = Objects.requireNonNull(upstream, "upstream");
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
    this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    this.console = Objects.requireNonNull(console, "console");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.drops =
        new DropReporter(
            upstream.describe(),
            upstream.bufferBytes(),
            DropReporter.DEFAULT_INTERVAL,
            clock,
            line -> {
              console.println(NAME + ": " + line);
              console.flush();
            });
    this.buffer = new ForwardBuffer<>(upstream.bufferBytes(), OtlpPayload::size, drops::dropped);
  }

  @Override
  public Future<?> start() {
    client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setConnectTimeout((int) connectTimeout.toMillis())
                .setKeepAlive(true));
    if (upstream.endpoint().getRawUserInfo() != null) {
      // Vert.x sends no credentials from a URL's user info, so every request would go without them
      // and be refused, said only as "HTTP 401". Say so once, without repeating the user info.
      console.println(
          NAME
              + ": upstream.endpoint "
              + upstream.describe()
              + " carries user info (user:password@), which is not sent: give the credentials as"
              + " upstream.headers, such as authorization=Basic%20<base64 of user:password>, and"
              + " remove them from the endpoint");
      console.flush();
    }
    context = vertx.getOrCreateContext();
    context.runOnContext(ignored -> pump());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    if (retryTimer != -1) {
      vertx.cancelTimer(retryTimer);
    }
    return client == null ? Future.succeededFuture() : client.close();
  }

  /** Queues a payload; callable from any thread, returns at once. */
  @Override
  public void accept(OtlpPayload payload) {
    buffer.offer(payload);
    Context running = context;
    if (running != null) {
      running.runOnContext(ignored -> pump());
    }
  }

  public ForwardStats stats() {
    return new ForwardStats(
        forwarded.get(),
        buffer.dropped(),
        failed.get(),
        retries.get(),
        buffer.payloads(),
        buffer.bytes());
  }

  private void pump() {
    if (stopped || sending || retryTimer != -1) {
      return;
    }
    Optional<OtlpPayload> next = buffer.poll();
    if (next.isEmpty()) {
      return;
    }
    OtlpPayload payload = next.get();
    sending = true;
    send(payload)
        .onComplete(
            result -> {
              sending = false;
              if (result.succeeded() && result.result().ok()) {
                forwarded.incrementAndGet();
                recovered();
                if (buffer.payloads() == 0) {
                  drops.drained();
                }
                pump();
              } else if (result.succeeded() && !result.result().retryable()) {
                failed.incrementAndGet();
                failure(
                    "upstream " + upstream.describe() + " refused a payload: " + result.result());
                pump();
              } else {
                retry(payload, result.succeeded() ? result.result() : null, result.cause());
              }
            });
  }

  private void retry(OtlpPayload payload, Answer answer, Throwable error) {
    retries.incrementAndGet();
    failuresInARow++;
    buffer.putBack(payload);
    String why = answer != null ? answer.toString() : String.valueOf(error.getMessage());
    failure("cannot forward to upstream " + upstream.describe() + ": " + why + "; retrying");
    Duration delay =
        backoff.delay(failuresInARow, answer == null ? Optional.empty() : answer.retryAfter());
    retryTimer =
        vertx.setTimer(
            Math.max(1, delay.toMillis()),
            id -> {
              retryTimer = -1;
              pump();
            });
  }

  /** What the upstream answered. */
  private record Answer(int status, Optional<Duration> retryAfter) {
    boolean ok() {
      return status >= 200 && status < 300;
    }

    boolean retryable() {
      return RETRYABLE.contains(status);
    }

    @Override
    public String toString() {
      return "HTTP " + status;
    }
  }

  private Future<Answer> send(OtlpPayload payload) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    upstream.headers().forEach(headers::add);
    headers.set(HttpHeaders.CONTENT_TYPE, payload.contentType());
    if (!payload.contentEncoding().isEmpty()) {
      headers.set(HttpHeaders.CONTENT_ENCODING, payload.contentEncoding());
    }
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setAbsoluteURI(upstream.target(payload.path()))
            .setHeaders(headers)
            .setIdleTimeout(requestTimeout.toMillis());
    return client
        .request(options)
        .compose(
            request -> {
              long deadline = vertx.setTimer(requestTimeout.toMillis(), id -> request.reset());
              return request
                  .send(payload.body())
                  .compose(this::answer)
                  .eventually(() -> Future.succeededFuture(vertx.cancelTimer(deadline)));
            });
  }

  private Future<Answer> answer(HttpClientResponse response) {
    Optional<Duration> retryAfter =
        Backoff.retryAfter(response.getHeader(HttpHeaders.RETRY_AFTER), clock.instant());
    // Read the body to the end so the connection can be reused.
    return response.body().map(ignored -> new Answer(response.statusCode(), retryAfter));
  }

  private void failure(String message) {
    if (!reported) {
      reported = true;
      console.println(NAME + ": " + message + " (reported once until forwarding recovers)");
      console.flush();
    }
  }

  private void recovered() {
    failuresInARow = 0;
    if (reported) {
      reported = false;
      console.println(NAME + ": forwarding to upstream " + upstream.describe() + " recovered");
      console.flush();
    }
  }
}
