package io.poolpilot.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.sidecar.testing.Agent;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded sidecar jar as a real process: killed with SIGKILL, restarted, pins still there. */
class SidecarProcessIT {

  private static final String TOKEN = "it-token";
  private static final Pattern LISTENING =
      Pattern.compile("^poolpilot-sidecar listening: otlp=(\\S+) api=(\\S+) journal=(\\S+) (.+)$");

  @TempDir Path dir;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stopAll() throws InterruptedException {
    for (Process process : processes) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void pinsAndVersionsSurviveKillDashNine() throws Exception {
    Running first = start();
    long v1 = poll(first, 1, 0).getLong("version");
    assertThat(put(first, "{\"core\": 6, \"max\": 16}").statusCode()).isEqualTo(200);
    JsonObject pinned = poll(first, 2, v1);
    first.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

    Running second = start();
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
    Running sidecar = start();
    poll(sidecar, 1, 0);

    HttpResponse<String> refused =
        http.send(
            HttpRequest.newBuilder(URI.create(sidecar.api + "/api/pools/orders/orders-%2A"))
                .header("Authorization", "Bearer nope")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"core\": 6, \"max\": 16}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> garbage =
        http.send(
            HttpRequest.newBuilder(URI.create(sidecar.otlp + Agent.CONTROL))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"protocol\": 1, \"inst"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(poll(sidecar, 2, 0).getJsonArray("desired")).isEmpty();
  }

  private record Running(Process process, String otlp, String api) {}

  private Running start() throws IOException {
    Process process =
        new ProcessBuilder(
                System.getProperty("poolpilot.it.java", "java"),
                "-jar",
                System.getProperty("poolpilot.sidecar.jar", "target/poolpilot-sidecar.jar"),
                "--otlp-port",
                "0",
                "--api-port",
                "0",
                "--data-dir",
                dir.toString(),
                "--token",
                TOKEN)
            .redirectErrorStream(true)
            .start();
    processes.add(process);
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    String line;
    while ((line = out.readLine()) != null) {
      Matcher m = LISTENING.matcher(line);
      if (m.matches()) {
        assertThat(m.group(4)).isEqualTo("token=configured");
        Thread drain = new Thread(() -> out.lines().forEach(ignored -> {}), "sidecar-output");
        drain.setDaemon(true);
        drain.start();
        return new Running(process, m.group(1), m.group(2));
      }
      seen.append(line).append('\n');
    }
    throw new AssertionError("the sidecar exited before listening; it printed:\n" + seen);
  }

  private JsonObject poll(Running sidecar, long sequence, long applied) throws Exception {
    JsonObject message =
        Agent.message("orders", "i-1", sequence, applied, Agent.pool("orders-*", 2, 16));
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(sidecar.otlp + Agent.CONTROL))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(message.encode()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonObject(response.body());
  }

  private HttpResponse<String> put(Running sidecar, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(sidecar.api + "/api/pools/orders/orders-%2A"))
            .header("Authorization", "Bearer " + TOKEN)
            .PUT(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
