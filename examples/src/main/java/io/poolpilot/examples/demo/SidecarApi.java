package io.poolpilot.examples.demo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** The few calls the demo makes to the sidecar's API (docs/api.md). */
final class SidecarApi {

  /** One pool as {@code GET /api/pools} shows it; sizes and readings may be null. */
  record Pool(
      String service,
      String name,
      Integer core,
      Integer max,
      Integer active,
      Integer queued,
      Double queueWaitP99Ms) {}

  private final URI base;
  private final String token;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  SidecarApi(URI base, String token) {
    this.base = base;
    this.token = token;
  }

  URI base() {
    return base;
  }

  List<Pool> pools() throws IOException, InterruptedException {
    JsonArray pools = get("/api/pools").getJsonArray("pools", new JsonArray());
    List<Pool> result = new ArrayList<>();
    for (int i = 0; i < pools.size(); i++) {
      JsonObject p = pools.getJsonObject(i);
      result.add(
          new Pool(
              p.getString("service"),
              p.getString("name"),
              p.getInteger("core"),
              p.getInteger("max"),
              p.getInteger("active"),
              p.getInteger("queued"),
              p.getDouble("queueWaitP99Ms")));
    }
    return result;
  }

  Optional<Pool> pool(String service, String name) throws IOException, InterruptedException {
    return pools().stream()
        .filter(p -> p.service().equals(service) && p.name().equals(name))
        .findFirst();
  }

  /** The journal's latest entries, oldest first. */
  List<JsonObject> decisions() throws IOException, InterruptedException {
    JsonArray entries = get("/api/decisions?limit=1000").getJsonArray("decisions", new JsonArray());
    List<JsonObject> result = new ArrayList<>();
    for (int i = entries.size() - 1; i >= 0; i--) {
      result.add(entries.getJsonObject(i));
    }
    return result;
  }

  /**
   * The node budget's cap on {@code service}'s pools in its latest allocation ({@code GET
   * /api/node}); empty while uncapped or before the first allocation.
   */
  OptionalInt cap(String service) throws IOException, InterruptedException {
    JsonObject latest = get("/api/node").getJsonObject("latest");
    if (latest == null) {
      return OptionalInt.empty();
    }
    JsonArray services = latest.getJsonArray("services", new JsonArray());
    for (int i = 0; i < services.size(); i++) {
      JsonObject s = services.getJsonObject(i);
      if (service.equals(s.getString("service")) && s.getInteger("cap") != null) {
        return OptionalInt.of(s.getInteger("cap"));
      }
    }
    return OptionalInt.empty();
  }

  void pin(String service, String pool, int core, int max)
      throws IOException, InterruptedException {
    put(service, pool, new JsonObject().put("core", core).put("max", max));
  }

  void release(String service, String pool) throws IOException, InterruptedException {
    put(service, pool, new JsonObject().put("auto", true));
  }

  private void put(String service, String pool, JsonObject body)
      throws IOException, InterruptedException {
    URI uri = base.resolve("/api/pools/" + encode(service) + "/" + encode(pool));
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body.encode()))
            .build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(
          "PUT " + uri + " answered " + response.statusCode() + ": " + response.body());
    }
  }

  private JsonObject get(String path) throws IOException, InterruptedException {
    URI uri = base.resolve(path);
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(10))
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET " + uri + " answered " + response.statusCode());
    }
    return new JsonObject(response.body());
  }

  private static String encode(String name) {
    return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
  }

  /**
   * Whether a journal entry is a capacity request: an entry of type {@code capacity} in its {@code
   * request} phase, what the sidecar asked its providers for (docs/journal.md). The tuner's "needs
   * capacity" signals, the suppressed requests and the providers' outcomes are not requests.
   */
  static boolean isCapacityRequest(JsonObject entry) {
    return "capacity".equals(entry.getString("type")) && "request".equals(entry.getString("phase"));
  }
}
