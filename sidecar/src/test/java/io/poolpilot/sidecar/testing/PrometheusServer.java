package io.poolpilot.sidecar.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real Prometheus server (Debian's {@code prometheus} binary) as a process of its own, scraping
 * one target every second, so a test sees the labels a scrape really produces: the target labels
 * Prometheus adds itself ({@code instance}, {@code job}) and the ones a scrape configuration sets,
 * with its renaming of clashing exposed labels to {@code exported_…}.
 */
public final class PrometheusServer implements AutoCloseable {

  private final Process process;
  private final Path log;
  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private PrometheusServer(Process process, Path log, URI base) {
    this.process = process;
    this.log = log;
    this.base = base;
  }

  /**
   * Starts {@code binary} with its configuration, storage and log under {@code dir}, scraping
   * {@code 127.0.0.1:targetPort} and giving the target {@code targetLabels}, as Kubernetes service
   * discovery and relabelling give a pod's target {@code namespace} and the like.
   */
  public static PrometheusServer start(
      Path binary, Path dir, int targetPort, Map<String, String> targetLabels) throws IOException {
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, config(targetPort, targetLabels));
    Path log = dir.resolve("prometheus.log");
    int port = freeLoopbackPort();
    Process process =
        new ProcessBuilder(
                binary.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + Files.createDirectories(dir.resolve("tsdb")),
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    return new PrometheusServer(process, log, URI.create("http://127.0.0.1:" + port));
  }

  private static String config(int targetPort, Map<String, String> targetLabels) {
    String labels =
        targetLabels.entrySet().stream()
            .map(e -> "          " + e.getKey() + ": '" + e.getValue() + "'\n")
            .collect(Collectors.joining());
    return "global:\n"
        + "  scrape_interval: 1s\n"
        + "  scrape_timeout: 1s\n"
        + "scrape_configs:\n"
        + "  - job_name: poolpilot-sidecar\n"
        + "    static_configs:\n"
        + "      - targets: ['127.0.0.1:"
        + targetPort
        + "']\n"
        + (labels.isEmpty() ? "" : "        labels:\n" + labels);
  }

  /**
   * A port nobody listened on a moment ago, for Prometheus's web listener: it prints no address it
   * actually bound, so it cannot be given port 0.
   */
  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /**
   * The instant vector {@code promql} evaluates to now, through the HTTP API as KEDA and the
   * Prometheus adapter ask it: each element's {@code metric} (labels) and {@code value}.
   *
   * @throws IllegalStateException if Prometheus is not answering yet or refuses the query
   */
  public List<JsonObject> query(String promql) {
    URI uri =
        base.resolve("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    HttpResponse<String> response;
    try {
      response =
          http.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("Prometheus does not answer at " + base + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "Prometheus answered " + response.statusCode() + ": " + response.body());
    }
    JsonArray result = new JsonObject(response.body()).getJsonObject("data").getJsonArray("result");
    return result.stream().map(JsonObject.class::cast).toList();
  }

  /** What Prometheus logged so far, to explain a failure. */
  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops Prometheus with SIGTERM, then SIGKILL if it has not gone within 10 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
