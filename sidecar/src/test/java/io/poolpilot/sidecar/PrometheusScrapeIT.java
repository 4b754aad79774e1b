package io.poolpilot.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.poolpilot.protocol.control.ControlProtocol;
import io.poolpilot.sidecar.testing.Agent;
import io.poolpilot.sidecar.testing.PoolExport;
import io.poolpilot.sidecar.testing.PrometheusServer;
import io.poolpilot.testsupport.SidecarJvm;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The shaded sidecar scraped by a real Prometheus and queried exactly as {@code
 * examples/k8s/keda-scaledobject.yaml} queries it. The target carries {@code namespace} and {@code
 * service} labels, as Kubernetes scrape configurations commonly give it, besides Prometheus's own
 * {@code instance}: a sidecar label of one of those names would arrive renamed {@code exported_…}
 * and the example's service filter would match nothing, which only a real scrape shows.
 *
 * <p>Skipped, saying why, where the {@code prometheus} binary is missing ({@code .ci/run} installs
 * Debian's; the system property {@code poolpilot.prometheus} names another path).
 */
@EnabledIf(
    value = "prometheusInstalled",
    disabledReason =
        "needs /usr/bin/prometheus: apt-get install -y prometheus (.ci/run installs it)")
class PrometheusScrapeIT {

  private static final Path PROMETHEUS =
      Paths.get(System.getProperty("poolpilot.prometheus", "/usr/bin/prometheus"));
  private static final Path KEDA_EXAMPLE = Paths.get("../examples/k8s/keda-scaledobject.yaml");
  private static final String TOKEN = "prometheus-it-token";
  private static final String POOL = "orders-*";
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final Pattern RATIO =
      Pattern.compile(
          "^poolpilot_capacity_desired_ratio\\{service_name=\"orders\","
              + "service_instance_id=\"i-1\"} (\\S+)$",
          Pattern.MULTILINE);

  @TempDir Path dir;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private SidecarJvm sidecar;
  private PrometheusServer prometheus;
  private long lastExportNanos = nanos(Instant.now().minusSeconds(1));

  /** Whether the binary is there; says so on stderr when not, so a skip is seen. */
  static boolean prometheusInstalled() {
    boolean installed = Files.isExecutable(PROMETHEUS);
    if (!installed) {
      System.err.println(
          "PrometheusScrapeIT SKIPPED: needs "
              + PROMETHEUS
              + " (apt-get install -y prometheus; .ci/run installs it)");
    }
    return installed;
  }

  @AfterEach
  void stop() {
    try {
      if (prometheus != null) {
        prometheus.close();
      }
    } finally {
      if (sidecar != null) {
        sidecar.close();
      }
    }
  }

  @Test
  void theKedaExampleQueryReturnsTheSidecarsDemandRatioForItsService() throws Exception {
    String kedaQuery = kedaQuery();
    sidecar =
        SidecarJvm.start(
            List.of(
                "--otlp-port",
                "0",
                "--api-port",
                "0",
                "--data-dir",
                dir.resolve("data").toString(),
                "--token",
                TOKEN,
                "--tuning-include",
                POOL),
            PATIENCE);
    prometheus =
        PrometheusServer.start(
            PROMETHEUS,
            Files.createDirectories(dir.resolve("prometheus")),
            sidecar.apiPort(),
            Map.of("namespace", "shop", "service", "orders-sidecar"));

    poll();
    // The tuner (and with it the demand ratio) needs telemetry across more than one control
    // period, as an agent exports it: one export a poll, until the sidecar publishes a ratio.
    await("a demand ratio on the sidecar's /metrics")
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              export();
              return sidecarRatio().isPresent();
            });

    await("the KEDA example's query to return the sidecar's ratio")
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              List<JsonObject> sum = prometheus.query(kedaQuery);
              assertThat(sum).as(prometheus.log()).hasSize(1);
              assertThat(value(sum.get(0))).isEqualTo(sidecarRatio().orElseThrow());
            });

    List<JsonObject> series = prometheus.query(selector(kedaQuery));
    assertThat(series).hasSize(1);
    assertThat(series.get(0).getJsonObject("metric").getMap())
        .containsEntry("service_name", "orders")
        .containsEntry("service_instance_id", "i-1")
        .containsEntry("namespace", "shop")
        .containsEntry("service", "orders-sidecar")
        .containsEntry("instance", "127.0.0.1:" + sidecar.apiPort())
        .doesNotContainKeys("exported_instance", "exported_service");
  }

  /** The PromQL of the example's Prometheus trigger, as a user would copy it. */
  @SuppressWarnings("unchecked")
  private static String kedaQuery() throws IOException {
    Map<String, Object> scaledObject;
    try (InputStream in = Files.newInputStream(KEDA_EXAMPLE)) {
      scaledObject = new Yaml(new LoaderOptions()).load(in);
    }
    Map<String, Object> spec = (Map<String, Object>) scaledObject.get("spec");
    Map<String, Object> trigger =
        ((List<Map<String, Object>>) spec.get("triggers"))
            .stream().filter(t -> "prometheus".equals(t.get("type"))).findFirst().orElseThrow();
    return (String) ((Map<String, Object>) trigger.get("metadata")).get("query");
  }

  /** The series selector inside the example's {@code sum(…)}, to see the series' labels. */
  private static String selector(String kedaQuery) {
    Matcher sum = Pattern.compile("^sum\\((.+)\\)$").matcher(kedaQuery.strip());
    assertThat(sum.matches()).as("the KEDA query is sum(<selector>): %s", kedaQuery).isTrue();
    return sum.group(1);
  }

  private static double value(JsonObject sample) {
    return Double.parseDouble(sample.getJsonArray("value").getString(1));
  }

  private Optional<Double> sidecarRatio() throws Exception {
    HttpResponse<String> metrics =
        http.send(
            HttpRequest.newBuilder(URI.create(sidecar.api() + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString());
    Matcher ratio = RATIO.matcher(metrics.body());
    return ratio.find() ? Optional.of(Double.parseDouble(ratio.group(1))) : Optional.empty();
  }

  /** The agent's control poll, which says the pool exists and can be resized. */
  private void poll() throws Exception {
    JsonObject message = Agent.message("orders", "i-1", 1, 0, Agent.pool(POOL, 4, 16));
    send(Agent.CONTROL, "application/json", HttpRequest.BodyPublishers.ofString(message.encode()));
  }

  /** One delta export of a steadily busy pool, covering the time since the previous one. */
  private void export() throws Exception {
    long now = nanos(Instant.now());
    byte[] body =
        PoolExport.pool("orders", "i-1", POOL)
            .delta()
            .startedAt(lastExportNanos)
            .at(now)
            .distro("poolpilot")
            .threads(4, 16, 3, 1)
            .queue(0, 1000, 0.0)
            .tasks(50, 0)
            .queueWait(3, 0, -72, 50) // about 2 ms
            .runTime(3, 0, -38, 50) // about 40 ms
            .cpu(0.3, 2)
            .request()
            .toByteArray();
    lastExportNanos = now;
    send("/v1/metrics", "application/x-protobuf", HttpRequest.BodyPublishers.ofByteArray(body));
  }

  private void send(String path, String contentType, HttpRequest.BodyPublisher body)
      throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(sidecar.otlp() + path))
                .header("Content-Type", contentType)
                .header("Authorization", "Bearer " + TOKEN)
                .header(ControlProtocol.SESSION_HEADER, Agent.SESSION)
                .POST(body)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("POST %s: %s", path, response.body()).isEqualTo(200);
  }

  private static long nanos(Instant at) {
    return at.getEpochSecond() * 1_000_000_000L + at.getNano();
  }
}
