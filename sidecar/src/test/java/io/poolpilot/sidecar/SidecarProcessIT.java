package io.poolpilot.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.protocol.control.ControlProtocol;
import io.poolpilot.sidecar.testing.Agent;
import io.poolpilot.testsupport.FailsafeProperties;
import io.poolpilot.testsupport.SidecarJvm;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded sidecar jar as a real process: killed with SIGKILL, restarted, pins still there. */
class SidecarProcessIT {

  private static final String TOKEN = "it-token";
  private static final Duration START = Duration.ofSeconds(60);

  @TempDir Path dir;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<SidecarJvm> sidecars = new ArrayList<>();

  @AfterEach
  void stopAll() {
    sidecars.forEach(SidecarJvm::close);
  }

  @Test
  void pinsAndVersionsSurviveKillDashNine() throws Exception {
    SidecarJvm first = start();
    long v1 = poll(first, 1, 0).getLong("version");
    assertThat(put(first, "{\"core\": 6, \"max\": 16}").statusCode()).isEqualTo(200);
    JsonObject pinned = poll(first, 2, v1);
    first.kill();

    SidecarJvm second = start();
    JsonObject resumed = poll(second, 3, pinned.getLong("version"));
    assertThat(put(second, "{\"auto\": true}").statusCode()).isEqualTo(200);
    JsonObject released = poll(second, 4, resumed.getLong("version"));

    assertThat(pinned.getJsonArray("desired")).hasSize(1);
    assertThat(resumed).isEqualTo(pinned);
    assertThat(released.getJsonArray("desired")).isEmpty();
    assertThat(released.getLong("version")).isGreaterThan(resumed.getLong("version"));
  }

  @Test
  void aWrongTokenChangesNothingAndTheSidecarKeepsServing() throws Exception {
    SidecarJvm sidecar = start();
    poll(sidecar, 1, 0);

    HttpResponse<String> refused =
        http.send(
            HttpRequest.newBuilder(URI.create(sidecar.api() + "/api/pools/orders/orders-%2A"))
                .header("Authorization", "Bearer nope")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"core\": 6, \"max\": 16}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> garbage =
        http.send(
            HttpRequest.newBuilder(URI.create(sidecar.otlp() + Agent.CONTROL))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TOKEN)
                .header(ControlProtocol.SESSION_HEADER, Agent.SESSION)
                .POST(HttpRequest.BodyPublishers.ofString("{\"protocol\": 1, \"inst"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(poll(sidecar, 2, 0).getJsonArray("desired")).isEmpty();
  }

  @Test
  void theJarCarriesWhatRunsInProductionAndNotTheTunersTestBench() throws IOException {
    List<String> classes;
    try (JarFile jar = new JarFile(FailsafeProperties.sidecarJar().toFile())) {
      classes = jar.stream().map(JarEntry::getName).filter(n -> n.endsWith(".class")).toList();
    }

    assertThat(classes)
        .contains(
            "io/poolpilot/tuning/PoolPilotTuner.class",
            "io/poolpilot/tuning/telemetry/ObservationConverter.class",
            "io/poolpilot/protocol/control/AgentReport.class")
        .noneMatch(name -> name.startsWith("io/poolpilot/tuning/sim/"))
        .noneMatch(name -> name.startsWith("io/poolpilot/tuning/eval/"))
        .noneMatch(name -> name.startsWith("io/poolpilot/testsupport/"))
        .noneMatch(name -> name.startsWith("com/netflix/concurrency/"));
  }

  private SidecarJvm start() throws IOException {
    SidecarJvm sidecar =
        SidecarJvm.start(
            List.of(
                "--otlp-port",
                "0",
                "--api-port",
                "0",
                "--data-dir",
                dir.toString(),
                "--token",
                TOKEN),
            START);
    sidecars.add(sidecar);
    assertThat(sidecar.details()).endsWith("token=configured");
    return sidecar;
  }

  private JsonObject poll(SidecarJvm sidecar, long sequence, long applied) throws Exception {
    JsonObject message =
        Agent.message("orders", "i-1", sequence, applied, Agent.pool("orders-*", 2, 16));
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(sidecar.otlp() + Agent.CONTROL))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TOKEN)
                .header(ControlProtocol.SESSION_HEADER, Agent.SESSION)
                .POST(HttpRequest.BodyPublishers.ofString(message.encode()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonObject(response.body());
  }

  private HttpResponse<String> put(SidecarJvm sidecar, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(sidecar.api() + "/api/pools/orders/orders-%2A"))
            .header("Authorization", "Bearer " + TOKEN)
            .PUT(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
