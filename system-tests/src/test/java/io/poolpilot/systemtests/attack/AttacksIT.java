package io.poolpilot.systemtests.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.poolpilot.systemtests.Cleanup;
import io.poolpilot.systemtests.app.LoadedPoolApp;
import io.poolpilot.systemtests.app.SizesLine;
import io.poolpilot.testsupport.FailsafeProperties;
import io.poolpilot.testsupport.JvmLauncher;
import io.poolpilot.testsupport.LaunchedJvm;
import io.poolpilot.testsupport.SidecarFlags;
import io.poolpilot.testsupport.SidecarJvm;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks of the security issue, each against a real sidecar process and, where it matters, a
 * real application under the real agent, over real HTTP with real OTLP protobuf. The attacker is
 * this test: a process on the same host that can read {@code /api/services} (so it knows the real
 * instance's id) and, where said, even holds the token.
 */
class AttacksIT {
  private static final String TOKEN = "attack-test-token-0123456789";
  private static final String PROTOBUF = "application/x-protobuf";
  private static final String SESSION = "PoolPilot-Session";
  private static final Duration CONVERGE = Duration.ofSeconds(180);
  private static final long HOUR_NANOS = 3_600_000_000_000L;

  /** Forgeries the sidecar must have refused by the time the tuner has grown the pool. */
  private static final int MIN_FORGERIES = 10;

  @TempDir Path dataDir;
  private final List<LaunchedJvm> processes = new ArrayList<>();
  private final List<Socket> sockets = new ArrayList<>();
  private final ScheduledExecutorService attacker = Executors.newSingleThreadScheduledExecutor();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @AfterEach
  void stopEverything() throws Exception {
    attacker.shutdownNow();
    List<AutoCloseable> started = new ArrayList<>(sockets);
    started.addAll(processes);
    Cleanup.closeAll(started);
  }

  /**
   * 800 tasks/s of 20 ms I/O on a pool of 4: the tuner must grow it, from the real agent's
   * telemetry, while an attacker forges that telemetry (an hour ahead, "1 idle thread"), squats
   * with 600 pools, and sends control messages in the agent's name and out of range.
   */
  @Test
  void aRealPoolIsTunedFromItsAgentAloneWhateverElseArrives() throws Exception {
    SidecarJvm sidecar =
        startSidecar(
            JvmLauncher.java(FailsafeProperties.java()),
            "--tuning-include",
            "work-*",
            "--tuning-mode",
            "auto");
    LaunchedJvm app = startApp(sidecar);
    String instance =
        await().atMost(CONVERGE).until(() -> controlledInstance(sidecar), i -> i != null);
    // Before the attack: the pool runs its own 4 threads (or more, if the tuner was quick), and
    // the sidecar's model holds the agent's reading of it.
    assertThat(threads(app)).as(app::report).isGreaterThanOrEqualTo(4);
    await()
        .atMost(CONVERGE)
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> assertThat(pool(sidecar, instance).getLong("max")).isGreaterThanOrEqualTo(4));

    // Forged telemetry for the real instance: without the token, and with it but another session.
    ExportMetricsPartialSuccess forged =
        export(sidecar, instance, null, null, hourAhead(), 1).getPartialSuccess();
    ExportMetricsPartialSuccess forgedWithToken =
        export(sidecar, instance, TOKEN, "another-session-on-this-node-0123", hourAhead(), 1)
            .getPartialSuccess();
    // A squatter declaring 600 pools of a process of its own.
    ExportMetricsPartialSuccess squatter =
        exportBody(sidecar, ForgedExports.manyPools("loaded", "squatter", 600, now()), null, null)
            .getPartialSuccess();
    // Control messages in the agent's name, and one holding the largest long.
    int noToken = control(sidecar, instance, null, null, 1, 0).statusCode();
    int otherSession =
        control(sidecar, instance, TOKEN, "another-session-on-this-node-0123", 1, 0).statusCode();
    HttpResponse<String> overflow =
        control(
            sidecar,
            "attacker-1",
            TOKEN,
            "attacker-session-0123456789abcdef",
            1_000_000_000_000_000L,
            Long.MAX_VALUE);
    long sequenceAfterAttack = sequence(sidecar, instance);
    // And the forger keeps at it while the tuner works. It counts, and asserts nothing itself: a
    // periodic task that throws is cancelled without a word.
    AtomicInteger refused = new AtomicInteger();
    List<String> notRefused = new CopyOnWriteArrayList<>();
    Future<?> forging =
        attacker.scheduleAtFixedRate(
            () -> {
              try {
                HttpResponse<byte[]> answer =
                    send(
                        sidecar,
                        ForgedExports.idlePool("loaded", instance, "work-*", hourAhead(), 1),
                        null,
                        null);
                if (answer.statusCode() == 200
                    && ExportMetricsServiceResponse.parseFrom(answer.body())
                            .getPartialSuccess()
                            .getRejectedDataPoints()
                        > 0) {
                  refused.incrementAndGet();
                } else {
                  notRefused.add("status " + answer.statusCode());
                }
              } catch (Exception e) {
                // Not sent, or no answer: the forger is only counted on what the sidecar answered.
              }
            },
            0,
            300,
            TimeUnit.MILLISECONDS);

    assertThat(forged.getRejectedDataPoints()).isPositive();
    assertThat(forged.getErrorMessage()).contains("belongs to its PoolPilot agent");
    assertThat(forgedWithToken.getErrorMessage()).contains("belongs to another agent's session");
    assertThat(squatter.getRejectedDataPoints())
        .as("a process may report 64 pools; the other 536 are refused")
        .isGreaterThanOrEqualTo(536);
    assertThat(noToken).isEqualTo(401);
    assertThat(otherSession).isEqualTo(403);
    assertThat(overflow.statusCode()).isEqualTo(400);
    assertThat(overflow.body()).contains("appliedVersion is 9223372036854775807");

    // The tuner grows the pool from the agent's telemetry while the forgeries keep coming.
    await()
        .atMost(CONVERGE)
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> threads(app) > 4 && refused.get() >= MIN_FORGERIES);
    int refusedWhenGrown = refused.get();
    assertThat(app.stdout().toString())
        .as("the pool was never shrunk towards the forged single thread")
        .doesNotContain("sizes core=1 ", "sizes core=2 ", "sizes core=3 ");
    await()
        .atMost(CONVERGE)
        .pollInterval(Duration.ofSeconds(1))
        .alias("the real agent's polls are still served")
        .until(() -> sequence(sidecar, instance) > sequenceAfterAttack);
    // The model catches up with the resize at the agent's next export; the forger's max is 1.
    await()
        .atMost(CONVERGE)
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () ->
                assertThat(pool(sidecar, instance).getLong("max"))
                    .as("the model holds the agent's readings")
                    .isGreaterThan(4));
    // The forger kept at it to the end, and never got a forgery through.
    assertThat(forging).as("the forger's task, cancelled if it threw").isNotDone();
    await()
        .atMost(CONVERGE)
        .alias("forgeries still refused after the pool grew")
        .until(() -> refused.get() > refusedWhenGrown);
    assertThat(notRefused).as("forgeries the sidecar did not refuse").isEmpty();
  }

  /**
   * With a heap of 96 MiB, histogram points whose buckets would span 2^27 to 2^31 indexes (a 1 GB
   * array for a naive merge) are refused at once, the sidecar stays healthy, and connections that
   * never send anything, on either listener, are closed (after the 30 s idle timeout).
   */
  @Test
  void hostileRequestsAreRefusedQuicklyAndIdleConnectionsAreClosed() throws Exception {
    SidecarJvm sidecar =
        startSidecar(JvmLauncher.java(FailsafeProperties.java()).jvmArgs("-Xmx96m"));
    for (int i = 0; i < 10; i++) {
      sockets.add(new Socket("127.0.0.1", sidecar.otlpPort()));
      sockets.add(new Socket("127.0.0.1", sidecar.apiPort()));
    }

    for (int far : new int[] {1 << 27, 1 << 29, Integer.MAX_VALUE - 8}) {
      long start = System.nanoTime();
      ExportMetricsServiceResponse answer =
          exportBody(
              sidecar, ForgedExports.histograms("hostile", "h-1", now(), 0, far), null, null);
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

      assertThat(answer.getPartialSuccess().getRejectedDataPoints())
          .as("offsets 0 and %d", far)
          .isPositive();
      // The target is a second; the bound here is generous so a busy CI machine cannot
      // fail it, and still far below the seconds a gigabyte allocation and collection would take.
      assertThat(millis).as("answered at once, offsets 0 and %d", far).isLessThan(5000);
    }

    assertThat(get(sidecar, "/health").statusCode()).isEqualTo(200);
    assertThat(sidecar.jvm().isAlive()).isTrue();
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> sockets.stream().allMatch(AttacksIT::closedByPeer));
  }

  /** A sidecar with the token in its environment: not on a command line the attacker can read. */
  private SidecarJvm startSidecar(JvmLauncher java, String... extra) throws Exception {
    SidecarJvm sidecar =
        SidecarJvm.start(
            java.jar(FailsafeProperties.sidecarJar())
                .env("POOLPILOT_SIDECAR_TOKEN", TOKEN)
                .appArgs(SidecarFlags.withoutToken(dataDir, 0, 0, extra))
                .name("sidecar"),
            SidecarFlags.PATIENCE);
    processes.add(sidecar.jvm());
    return sidecar;
  }

  private LaunchedJvm startApp(SidecarJvm sidecar) throws Exception {
    LaunchedJvm app =
        JvmLauncher.underAgent(LoadedPoolApp.class)
            .agentArgs("endpoint=" + sidecar.otlp() + ",service.name=loaded,export.interval=500ms")
            .env("POOLPILOT_TOKEN", TOKEN)
            .appArgs("io", "4", "800", "20")
            .mergeStderr()
            .start();
    processes.add(app);
    app.awaitStdoutLine("ready", SidecarFlags.PATIENCE);
    app.awaitStdoutLineStartingWith(SizesLine.PREFIX, SidecarFlags.PATIENCE);
    return app;
  }

  /** The instance id of the first controlled process: public, anyone can read it. */
  private String controlledInstance(SidecarJvm sidecar) throws Exception {
    JsonArray services =
        new JsonObject(get(sidecar, "/api/services").body()).getJsonArray("services");
    for (int s = 0; s < services.size(); s++) {
      JsonArray instances = services.getJsonObject(s).getJsonArray("instances");
      for (int i = 0; i < instances.size(); i++) {
        JsonObject instance = instances.getJsonObject(i);
        if (instance.getBoolean("controlled", false)) {
          return instance.getString("instance");
        }
      }
    }
    return null;
  }

  private long sequence(SidecarJvm sidecar, String instanceId) throws Exception {
    JsonArray services =
        new JsonObject(get(sidecar, "/api/services").body()).getJsonArray("services");
    for (int s = 0; s < services.size(); s++) {
      JsonArray instances = services.getJsonObject(s).getJsonArray("instances");
      for (int i = 0; i < instances.size(); i++) {
        JsonObject instance = instances.getJsonObject(i);
        if (instanceId.equals(instance.getString("instance"))) {
          return instance.getLong("sequence");
        }
      }
    }
    throw new AssertionError("instance " + instanceId + " not listed");
  }

  private JsonObject pool(SidecarJvm sidecar, String instanceId) throws Exception {
    JsonArray pools = new JsonObject(get(sidecar, "/api/pools").body()).getJsonArray("pools");
    for (int i = 0; i < pools.size(); i++) {
      JsonObject pool = pools.getJsonObject(i);
      if ("work-*".equals(pool.getString("name"))
          && instanceId.equals(pool.getString("instance"))) {
        return pool;
      }
    }
    throw new AssertionError("work-* of " + instanceId + " not listed: " + pools);
  }

  private ExportMetricsServiceResponse export(
      SidecarJvm sidecar, String instance, String token, String session, long time, int threads)
      throws Exception {
    return exportBody(
        sidecar,
        ForgedExports.idlePool("loaded", instance, "work-*", time, threads),
        token,
        session);
  }

  private ExportMetricsServiceResponse exportBody(
      SidecarJvm sidecar, byte[] body, String token, String session) throws Exception {
    HttpResponse<byte[]> response = send(sidecar, body, token, session);
    assertThat(response.statusCode())
        .as("an OTLP export is accepted, as OTLP wants")
        .isEqualTo(200);
    return ExportMetricsServiceResponse.parseFrom(response.body());
  }

  private HttpResponse<byte[]> send(SidecarJvm sidecar, byte[] body, String token, String session)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(sidecar.otlp() + "/v1/metrics"))
            .header("Content-Type", PROTOBUF)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    credentials(request, token, session);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpResponse<String> control(
      SidecarJvm sidecar,
      String instance,
      String token,
      String session,
      long sequence,
      long appliedVersion)
      throws Exception {
    JsonObject message =
        new JsonObject()
            .put("protocol", 1)
            .put(
                "instance",
                new JsonObject()
                    .put("serviceName", "loaded")
                    .put("instanceId", instance)
                    .put("agentVersion", "evil")
                    .put("mode", "tune"))
            .put("sequence", sequence)
            .put("appliedVersion", appliedVersion)
            .put("appliedHash", "")
            .put("pools", new JsonArray())
            .put("results", new JsonArray());
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(sidecar.otlp() + "/v1/poolpilot/control"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(message.encode()));
    credentials(request, token, session);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void credentials(HttpRequest.Builder request, String token, String session) {
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (session != null) {
      request.header(SESSION, session);
    }
  }

  private HttpResponse<String> get(SidecarJvm sidecar, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(sidecar.api() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Whether the sidecar closed the connection: a read sees the end of the stream. */
  private static boolean closedByPeer(Socket socket) {
    try {
      socket.setSoTimeout(50);
      InputStream in = socket.getInputStream();
      return in.read() < 0;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  private static long now() {
    return System.currentTimeMillis() * 1_000_000L;
  }

  private static long hourAhead() {
    return now() + HOUR_NANOS;
  }

  private static int threads(LaunchedJvm app) {
    return SizesLine.threads(app.lastStdoutLineStartingWith(SizesLine.PREFIX));
  }
}
