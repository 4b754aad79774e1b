package io.poolpilot.sidecar.testing;

import io.poolpilot.sidecar.testing.Http.Reply;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Control messages as the PoolPilot agent sends them (docs/protocol.md), and sending them. */
public final class Agent {

  public static final String CONTROL = "/v1/poolpilot/control";

  private Agent() {}

  /** A message reporting the given pools; {@code results} empty. */
  public static JsonObject message(
      String service, String instance, long sequence, long appliedVersion, JsonObject... pools) {
    JsonArray poolArray = new JsonArray();
    for (JsonObject pool : pools) {
      poolArray.add(pool);
    }
    return new JsonObject()
        .put("protocol", 1)
        .put(
            "instance",
            new JsonObject()
                .put("serviceName", service)
                .put("instanceId", instance)
                .put("agentVersion", "0.1.0")
                .put("mode", "tune"))
        .put("sequence", sequence)
        .put("appliedVersion", appliedVersion)
        .put("appliedHash", "")
        .put("pools", poolArray)
        .put("results", new JsonArray());
  }

  /** A resizable pool whose application gave it core 2, max 16. */
  public static JsonObject pool(String name, int core, int max) {
    return new JsonObject()
        .put("name", name)
        .put("core", core)
        .put("max", max)
        .put("originalCore", 2)
        .put("originalMax", 16)
        .put("resizable", true)
        .putNull("refusal");
  }

  public static Future<Reply> poll(Vertx vertx, int port, JsonObject message, String token) {
    return send(vertx, port, message.toBuffer(), token);
  }

  public static Future<Reply> send(Vertx vertx, int port, Buffer body, String token) {
    MultiMap headers = Http.headers("Content-Type", "application/json");
    if (token != null) {
      headers.add("Authorization", "Bearer " + token);
    }
    return Http.send(vertx, HttpMethod.POST, port, CONTROL, headers, body);
  }
}
