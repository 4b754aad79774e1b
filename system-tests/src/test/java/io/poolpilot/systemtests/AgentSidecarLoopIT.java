package io.poolpilot.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.poolpilot.systemtests.app.OrdersApp;
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
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control loop as users run it: the sidecar's shaded jar and an application with the agent's
 * shaded jar, as two processes talking HTTP on loopback. What the agent did is read from inside the
 * application, which prints its pool's sizes whenever they change.
 */
class AgentSidecarLoopIT {
  private static final String TOKEN = "system-test-token";
  private static final String POOL_URL = "/api/pools/orders/orders-%2A";

  @TempDir Path dataDir;
  private final List<LaunchedJvm> processes = new ArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @AfterEach
  void stopEverything() throws Exception {
    Cleanup.closeAll(processes);
  }

  private SidecarJvm startSidecar(int otlpPort, int apiPort) throws Exception {
    SidecarJvm sidecar =
        SidecarJvm.start(SidecarFlags.of(dataDir, TOKEN, otlpPort, apiPort), SidecarFlags.PATIENCE);
    processes.add(sidecar.jvm());
    return sidecar;
  }

  private LaunchedJvm startApp(SidecarJvm sidecar, String extraAgentArgs) throws Exception {
    String agentArgs =
        "endpoint="
            + sidecar.otlp()
            + ",token="
            + TOKEN
            + ",service.name=orders,export.interval=200ms"
            + extraAgentArgs;
    LaunchedJvm app =
        JvmLauncher.underAgent(OrdersApp.class).agentArgs(agentArgs).mergeStderr().start();
    processes.add(app);
    app.awaitStdoutLine("sizes core=2 max=8", SidecarFlags.PATIENCE);
    return app;
  }

  /** The sidecar's view of the orders pool; fails (to be retried by Awaitility) until listed. */
  private JsonObject ordersPool(SidecarJvm sidecar) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(sidecar.api() + "/api/pools")).build(),
            HttpResponse.BodyHandlers.ofString());
    JsonArray pools = new JsonObject(response.body()).getJsonArray("pools");
    for (int i = 0; i < pools.size(); i++) {
      JsonObject pool = pools.getJsonObject(i);
      if ("orders".equals(pool.getString("service")) && "orders-*".equals(pool.getString("name"))) {
        return pool;
      }
    }
    throw new AssertionError("orders-* not listed yet: " + pools);
  }

  /** The control sequence the orders agent last polled with, as the sidecar lists it; -1 before. */
  private long agentSequence(SidecarJvm sidecar) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(sidecar.api() + "/api/services")).build(),
            HttpResponse.BodyHandlers.ofString());
    JsonArray services = new JsonObject(response.body()).getJsonArray("services");
    for (int s = 0; s < services.size(); s++) {
      JsonObject service = services.getJsonObject(s);
      JsonArray instances = service.getJsonArray("instances");
      if ("orders".equals(service.getString("name")) && !instances.isEmpty()) {
        Long sequence = instances.getJsonObject(0).getLong("sequence");
        return sequence == null ? -1 : sequence;
      }
    }
    return -1;
  }

  private HttpResponse<String> pin(SidecarJvm sidecar, String body, String token) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(sidecar.api() + POOL_URL))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void awaitPoolListed(SidecarJvm sidecar) {
    await()
        .atMost(SidecarFlags.PATIENCE)
        .untilAsserted(
            () -> {
              JsonObject pool = ordersPool(sidecar);
              assertThat(pool.getInteger("core")).isEqualTo(2);
              assertThat(pool.getInteger("max")).isEqualTo(8);
              assertThat(pool.getLong("completed")).isPositive();
            });
  }

  @Test
  void aPinThroughTheApiResizesThePoolInsideTheApplication() throws Exception {
    SidecarJvm sidecar = startSidecar(0, 0);
    LaunchedJvm app = startApp(sidecar, "");
    awaitPoolListed(sidecar);

    assertThat(pin(sidecar, "{\"core\": 5, \"max\": 12}", TOKEN).statusCode()).isEqualTo(200);

    app.awaitStdoutLine("sizes core=5 max=12", SidecarFlags.PATIENCE);
    await()
        .atMost(SidecarFlags.PATIENCE)
        .untilAsserted(
            () -> {
              JsonObject pool = ordersPool(sidecar);
              assertThat(pool.getInteger("core")).isEqualTo(5);
              assertThat(pool.getInteger("max")).isEqualTo(12);
            });

    assertThat(pin(sidecar, "{\"auto\": true}", TOKEN).statusCode()).isEqualTo(200);
    await()
        .atMost(SidecarFlags.PATIENCE)
        .until(() -> "sizes core=2 max=8".equals(app.lastStdoutLineStartingWith("sizes")));
  }

  @Test
  void aWrongTokenChangesNothingInsideTheApplication() throws Exception {
    SidecarJvm sidecar = startSidecar(0, 0);
    LaunchedJvm app = startApp(sidecar, "");
    awaitPoolListed(sidecar);

    assertThat(pin(sidecar, "{\"core\": 5, \"max\": 12}", "not-the-token").statusCode())
        .isEqualTo(401);
    JsonObject afterRefusal = ordersPool(sidecar);
    assertThat(afterRefusal.getBoolean("pinned")).as(afterRefusal::encode).isFalse();
    assertThat(afterRefusal.getValue("pin")).as(afterRefusal::encode).isNull();
    // Let the agent poll once after the refusal: had the pin been taken, that poll would have
    // carried it to the application before the good pin below.
    long sequenceAfterRefusal = agentSequence(sidecar);
    await()
        .atMost(SidecarFlags.PATIENCE)
        .until(() -> agentSequence(sidecar) > sequenceAfterRefusal);
    // A pin with the right token afterwards is the first change the application sees.
    assertThat(pin(sidecar, "{\"core\": 3, \"max\": 9}", TOKEN).statusCode()).isEqualTo(200);
    app.awaitStdoutLine("sizes core=3 max=9", SidecarFlags.PATIENCE);

    assertThat(app.stdout()).noneMatch(line -> line.equals("sizes core=5 max=12"));
  }

  @Test
  void aSidecarRestartLeavesTheApplicationUnharmedAndThePinInPlace() throws Exception {
    SidecarJvm first = startSidecar(0, 0);
    LaunchedJvm app = startApp(first, "");
    awaitPoolListed(first);
    assertThat(pin(first, "{\"core\": 4, \"max\": 10}", TOKEN).statusCode()).isEqualTo(200);
    app.awaitStdoutLine("sizes core=4 max=10", SidecarFlags.PATIENCE);

    first.kill();
    SidecarJvm second = startSidecar(first.otlpPort(), first.apiPort());

    await()
        .atMost(SidecarFlags.PATIENCE)
        .untilAsserted(
            () -> {
              JsonObject pool = ordersPool(second);
              assertThat(pool.getBoolean("pinned")).isTrue();
              assertThat(pool.getInteger("core")).isEqualTo(4);
            });
    assertThat(app.isAlive()).isTrue();
    assertThat(app.lastStdoutLineStartingWith("sizes")).isEqualTo("sizes core=4 max=10");
    // Nothing but the application's own lines and the agent's one-line notes: no stack trace.
    assertThat(app.stdout())
        .allMatch(
            line ->
                line.equals("ready")
                    || line.startsWith("sizes ")
                    || line.startsWith("[poolpilot] "));
  }

  @Test
  void pastTheControlExpiryThePoolGetsItsOwnSizesBack() throws Exception {
    SidecarJvm sidecar = startSidecar(0, 0);
    LaunchedJvm app = startApp(sidecar, ",control.expiry=3s");
    awaitPoolListed(sidecar);
    assertThat(pin(sidecar, "{\"core\": 6, \"max\": 12}", TOKEN).statusCode()).isEqualTo(200);
    app.awaitStdoutLine("sizes core=6 max=12", SidecarFlags.PATIENCE);

    sidecar.kill();

    await()
        .atMost(SidecarFlags.PATIENCE)
        .until(() -> "sizes core=2 max=8".equals(app.lastStdoutLineStartingWith("sizes")));
    app.awaitStdoutLineMatching(
        Pattern.compile(
            "\\[poolpilot\\] no answer from the sidecar for \\d+ s: 1 pool\\(s\\) are back"),
        SidecarFlags.PATIENCE);
  }
}
