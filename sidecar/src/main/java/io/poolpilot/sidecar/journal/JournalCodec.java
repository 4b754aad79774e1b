package io.poolpilot.sidecar.journal;

import io.poolpilot.protocol.control.DesiredPool;
import io.poolpilot.protocol.control.PoolSizes;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns journal entries into single-line JSON objects and back. The {@code type} key says which
 * kind a line holds: {@code pin}, {@code release}, {@code desired}, {@code tune}, {@code capacity}
 * or {@code node}.
 */
public final class JournalCodec {

  static final String PIN = "pin";
  static final String RELEASE = "release";
  static final String DESIRED = "desired";
  static final String TUNE = "tune";
  static final String CAPACITY = "capacity";
  static final String NODE = "node";

  private JournalCodec() {}

  /** The entry as one JSON object, without a line break. */
  public static JsonObject toJson(JournalEntry entry) {
    JsonObject json = new JsonObject().put("at", entry.at().toString());
    if (entry instanceof JournalEntry.Pinned pin) {
      json.put("type", PIN)
          .put("service", pin.service())
          .put("pool", pin.pool())
          .put("core", pin.sizes().core())
          .put("max", pin.sizes().max());
    } else if (entry instanceof JournalEntry.Released release) {
      json.put("type", RELEASE)
          .put("service", release.service())
          .put("pool", release.pool())
          .put("previousCore", release.previous().core())
          .put("previousMax", release.previous().max());
    } else if (entry instanceof JournalEntry.Issued issued) {
      JsonArray desired = new JsonArray();
      issued
          .desired()
          .forEach(
              pool ->
                  desired.add(
                      new JsonObject()
                          .put("pool", pool.pool())
                          .put("core", pool.core())
                          .put("max", pool.max())));
      json.put("type", DESIRED)
          .put("service", issued.service())
          .put("instance", issued.instance())
          .put("version", issued.version())
          .put("hash", issued.hash())
          .put("desired", desired);
    } else if (entry instanceof JournalEntry.Tuned tuned) {
      json.put("type", TUNE)
          .put("service", tuned.service())
          .put("instance", tuned.instance())
          .put("pool", tuned.pool())
          .put("action", tuned.action())
          .put("fromCore", tuned.from().core())
          .put("fromMax", tuned.from().max())
          .put("core", tuned.to().core())
          .put("max", tuned.to().max())
          .put("applied", tuned.applied())
          .put("capacity", tuned.capacity());
    } else if (entry instanceof JournalEntry.Capacity capacity) {
      json.put("type", CAPACITY)
          .put("service", capacity.service())
          .put("instance", capacity.instance())
          .put("phase", capacity.phase())
          .put("provider", capacity.provider())
          .put("direction", capacity.direction())
          .put("ratio", capacity.ratio())
          .put("current", capacity.current() < 0 ? null : capacity.current())
          .put("desired", capacity.desired() < 0 ? null : capacity.desired())
          .put("key", capacity.key())
          .put("ok", capacity.ok());
    } else if (entry instanceof JournalEntry.NodeCapped node) {
      json.put("type", NODE)
          .put("service", node.service())
          .put("cap", node.cap() < 0 ? null : node.cap())
          .put("previous", node.previous() < 0 ? null : node.previous())
          .put("processors", node.processors())
          .put("availableCores", node.availableCores())
          .put("needCores", node.needCores())
          .put("shareCores", node.shareCores())
          .put("usedCores", node.usedCores())
          .put("cappedFor", new JsonArray(node.cappedFor()));
    }
    return json.put("reason", entry.reason());
  }

  public static String encode(JournalEntry entry) {
    return toJson(entry).encode();
  }

  /**
   * Reads one line.
   *
   * @throws IllegalArgumentException saying what is wrong with the line
   */
  public static JournalEntry decode(String line) {
    JsonObject json;
    try {
      json = new JsonObject(line);
    } catch (DecodeException | ClassCastException e) {
      throw new IllegalArgumentException("not a JSON object: " + e.getMessage(), e);
    }
    try {
      Instant at = Instant.parse(text(json, "at"));
      String type = text(json, "type");
      String service = text(json, "service");
      String reason = json.getString("reason", "");
      return switch (type) {
        case PIN ->
            new JournalEntry.Pinned(
                at,
                service,
                text(json, "pool"),
                new PoolSizes(whole(json, "core"), whole(json, "max")),
                reason);
        case RELEASE ->
            new JournalEntry.Released(
                at,
                service,
                text(json, "pool"),
                new PoolSizes(whole(json, "previousCore"), whole(json, "previousMax")),
                reason);
        case DESIRED ->
            new JournalEntry.Issued(
                at,
                service,
                text(json, "instance"),
                json.getLong("version"),
                text(json, "hash"),
                desired(json.getJsonArray("desired")),
                reason);
        case TUNE ->
            new JournalEntry.Tuned(
                at,
                service,
                text(json, "instance"),
                text(json, "pool"),
                text(json, "action"),
                new PoolSizes(whole(json, "fromCore"), whole(json, "fromMax")),
                new PoolSizes(whole(json, "core"), whole(json, "max")),
                json.getBoolean("applied", false),
                json.getString("capacity", ""),
                reason);
        case CAPACITY ->
            new JournalEntry.Capacity(
                at,
                service,
                text(json, "instance"),
                text(json, "phase"),
                json.getString("provider", ""),
                json.getString("direction", ""),
                json.getDouble("ratio", 0.0),
                json.getInteger("current") == null ? -1 : json.getInteger("current"),
                json.getInteger("desired") == null ? -1 : json.getInteger("desired"),
                json.getString("key", ""),
                json.getBoolean("ok", true),
                reason);
        case NODE ->
            new JournalEntry.NodeCapped(
                at,
                service,
                json.getInteger("cap") == null ? -1 : json.getInteger("cap"),
                json.getInteger("previous") == null ? -1 : json.getInteger("previous"),
                whole(json, "processors"),
                json.getDouble("availableCores", 0.0),
                json.getDouble("needCores", 0.0),
                json.getDouble("shareCores", 0.0),
                json.getDouble("usedCores", 0.0),
                names(json.getJsonArray("cappedFor")),
                reason);
        default ->
            throw new IllegalArgumentException(
                "unknown type '"
                    + type
                    + "', expected pin, release, desired, tune, capacity or node");
      };
    } catch (ClassCastException | NullPointerException | DateTimeParseException e) {
      throw new IllegalArgumentException("malformed entry: " + e.getMessage(), e);
    }
  }

  private static List<DesiredPool> desired(JsonArray array) {
    if (array == null) {
      throw new IllegalArgumentException("no desired list");
    }
    List<DesiredPool> desired = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      JsonObject pool = array.getJsonObject(i);
      desired.add(new DesiredPool(text(pool, "pool"), whole(pool, "core"), whole(pool, "max")));
    }
    return desired;
  }

  private static List<String> names(JsonArray array) {
    List<String> names = new ArrayList<>();
    if (array != null) {
      for (int i = 0; i < array.size(); i++) {
        names.add(array.getString(i));
      }
    }
    return names;
  }

  private static String text(JsonObject json, String key) {
    String value = json.getString(key);
    if (value == null) {
      throw new IllegalArgumentException("no " + key);
    }
    return value;
  }

  private static int whole(JsonObject json, String key) {
    Integer value = json.getInteger(key);
    if (value == null) {
      throw new IllegalArgumentException("no " + key);
    }
    return value;
  }
}
