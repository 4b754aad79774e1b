package io.poolpilot.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.poolpilot.systemtests.app.LoadedPoolApp;
import io.poolpilot.systemtests.app.SizesLine;
import io.poolpilot.testsupport.JvmLauncher;
import io.poolpilot.testsupport.LaunchedJvm;
import io.poolpilot.testsupport.SidecarFlags;
import io.poolpilot.testsupport.SidecarJvm;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tuner closing the loop on real processes: the real sidecar tunes a mis-sized pool inside a
 * real application under the agent, with nothing but telemetry to go on. The targets (the Little's
 * law size, the objective) are checked with generous time bounds; how fast the tuner gets there is
 * for docs/tuning.md, not for this test.
 */
class TunerLoopIT {
  private static final String TOKEN = "tuner-test-token";
  private static final Duration CONVERGE = Duration.ofSeconds(180);
  private static final Duration HOLD = Duration.ofSeconds(10);

  @TempDir Path dataDir;
  private final List<LaunchedJvm> processes = new ArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @AfterEach
  void stopEverything() throws Exception {
    Cleanup.closeAll(processes);
  }

  /**
   * 800 tasks/s, each waiting 20 ms on "I/O": Little's law says 16 busy threads; the pool starts
   * with 4. Erlang C puts the smallest size that meets a 50 ms p99 queue wait at 18, the tuner's
   * shrink headroom lands it at 20 at most.
   */
  @Test
  void anIoBoundPoolIsGrownUntilItMeetsTheObjectiveAndThenHoldsStill() throws Exception {
    SidecarJvm sidecar = startSidecar();
    LaunchedJvm app = startApp(sidecar, "io", 4, 800, 20);
    double littlesLaw = 800 * 0.020;

    await()
        .atMost(CONVERGE)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                settled(app, HOLD)
                    && SizesLine.threads(app.lastStdoutLineStartingWith(SizesLine.PREFIX))
                        <= 1.25 * littlesLaw
                    && meetsObjective(sidecar));

    int threads = SizesLine.threads(app.lastStdoutLineStartingWith(SizesLine.PREFIX));
    assertThat(threads).as(() -> app.stdout().toString()).isGreaterThan(4);
    assertThat(threads).isLessThanOrEqualTo((int) Math.floor(1.25 * littlesLaw));
    assertThat(capacityRequests(sidecar)).as("threads helped: no capacity request").isEmpty();
  }

  /**
   * A pool of CPU work asked for 1.5 times what two processors can do: more threads cannot help, so
   * the tuner must not keep growing it, and it raises "needs capacity" naming the CPU.
   */
  @Test
  void aCpuBoundPoolUnderOverloadIsNotGrownPastUsefulnessAndAsksForCapacity() throws Exception {
    SidecarJvm sidecar = startSidecar();
    LaunchedJvm app = startApp(sidecar, "cpu", 2, 600, 5, "-XX:ActiveProcessorCount=2");

    JsonObject raised =
        await()
            .atMost(CONVERGE)
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> capacityDecision(sidecar), d -> d != null);

    // CPU on a machine of its own; a neighbour starving the process of CPU makes the same wall
    // look like a concurrency limit (more threads, no more completions), which is no less true.
    assertThat(raised.getString("capacity")).isIn("CPU", "CPU_QUOTA", "CONCURRENCY");
    JsonObject request =
        await()
            .atMost(CONVERGE)
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> capacityRequests(sidecar), r -> !r.isEmpty())
            .get(0);
    assertThat(request.getString("service")).isEqualTo("loaded");
    assertThat(request.getString("direction")).isEqualTo("up");
    // A growth the tuner tries is judged and rolled back when it does not pay: the pool may pass
    // through a larger size, but it settles at a useful one, at most twice the processors.
    await()
        .atMost(CONVERGE)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                settled(app, HOLD)
                    && SizesLine.threads(app.lastStdoutLineStartingWith(SizesLine.PREFIX)) <= 4);
  }

  private SidecarJvm startSidecar() throws Exception {
    SidecarJvm sidecar =
        SidecarJvm.start(
            SidecarFlags.of(
                dataDir, TOKEN, 0, 0, "--tuning-include", "work-*", "--tuning-mode", "auto"),
            SidecarFlags.PATIENCE);
    processes.add(sidecar.jvm());
    return sidecar;
  }

  private LaunchedJvm startApp(
      SidecarJvm sidecar, String kind, int threads, int rate, int millis, String... jvmArgs)
      throws Exception {
    String agentArgs =
        "endpoint="
            + sidecar.otlp()
            + ",token="
            + TOKEN
            + ",service.name=loaded,export.interval=500ms";
    LaunchedJvm app =
        JvmLauncher.underAgent(LoadedPoolApp.class)
            .jvmArgs(jvmArgs)
            .agentArgs(agentArgs)
            .appArgs(kind, String.valueOf(threads), String.valueOf(rate), String.valueOf(millis))
            .mergeStderr()
            .start();
    processes.add(app);
    app.awaitStdoutLine("ready", SidecarFlags.PATIENCE);
    app.awaitStdoutLineStartingWith(SizesLine.PREFIX, SidecarFlags.PATIENCE);
    return app;
  }

  /** Whether the application's pool has kept its sizes for {@code hold}, as the test saw it. */
  private boolean settled(LaunchedJvm app, Duration hold) {
    String sizes = app.lastStdoutLineStartingWith("sizes");
    Instant now = Instant.now();
    if (!sizes.equals(lastSizes)) {
      lastSizes = sizes;
      since = now;
    }
    return Duration.between(since, now).compareTo(hold) >= 0;
  }

  private String lastSizes = "";
  private Instant since = Instant.now();

  private boolean meetsObjective(SidecarJvm sidecar) throws Exception {
    JsonObject pool = pool(sidecar);
    Number p99 = pool.getNumber("queueWaitP99Ms");
    return p99 != null && p99.doubleValue() <= 50;
  }

  private JsonObject pool(SidecarJvm sidecar) throws Exception {
    JsonArray pools = get(sidecar, "/api/pools").getJsonArray("pools");
    for (int i = 0; i < pools.size(); i++) {
      JsonObject pool = pools.getJsonObject(i);
      if ("work-*".equals(pool.getString("name"))) {
        return pool;
      }
    }
    throw new AssertionError("work-* not listed yet: " + pools);
  }

  /** The first decision that raised "needs capacity" for the pool, or null. */
  private JsonObject capacityDecision(SidecarJvm sidecar) throws Exception {
    JsonArray decisions = get(sidecar, "/api/decisions").getJsonArray("decisions");
    for (int i = 0; i < decisions.size(); i++) {
      JsonObject decision = decisions.getJsonObject(i);
      String capacity = decision.getString("capacity");
      if ("work-*".equals(decision.getString("pool")) && capacity != null && !capacity.isEmpty()) {
        return decision;
      }
    }
    return null;
  }

  /** The capacity requests the sidecar journaled (entries of type capacity, phase request). */
  private List<JsonObject> capacityRequests(SidecarJvm sidecar) throws Exception {
    JsonArray decisions = get(sidecar, "/api/decisions").getJsonArray("decisions");
    List<JsonObject> requests = new ArrayList<>();
    for (int i = 0; i < decisions.size(); i++) {
      JsonObject decision = decisions.getJsonObject(i);
      if ("capacity".equals(decision.getString("type"))
          && "request".equals(decision.getString("phase"))) {
        requests.add(decision);
      }
    }
    return requests;
  }

  private JsonObject get(SidecarJvm sidecar, String path) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(sidecar.api() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    return new JsonObject(response.body());
  }
}
