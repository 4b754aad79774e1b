package io.poolpilot.benchmarks.tuner;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The resizes the sidecar applied to one service's pool, read from its decision journal ({@code
 * journal.jsonl}, docs/journal.md) after the run: the journal holds every decision, where the API
 * keeps only the latest thousand. A <em>reversal</em> is a resize opposite in direction to the
 * pool's previous resize (a growth after a shrink, or a shrink after a growth): what flapping looks
 * like, and what the issue budgets at two a minute.
 */
final class Resizes {

  /** One applied resize: when, and the maximum size before and after. */
  record Resize(Instant at, int fromMax, int max) {
    int direction() {
      return Integer.signum(max - fromMax);
    }
  }

  private Resizes() {}

  /** The applied resizes of {@code pool} of {@code service}, in journal order. */
  static List<Resize> fromJournal(Path journal, String service, String pool) throws IOException {
    if (!Files.exists(journal)) {
      return List.of();
    }
    return parse(Files.readAllLines(journal, StandardCharsets.UTF_8), service, pool);
  }

  static List<Resize> parse(List<String> lines, String service, String pool) {
    List<Resize> resizes = new ArrayList<>();
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      JsonObject entry = new JsonObject(line);
      if (!"tune".equals(entry.getString("type"))
          || !service.equals(entry.getString("service"))
          || !pool.equals(entry.getString("pool"))
          || !entry.getBoolean("applied", false)) {
        continue;
      }
      Resize resize =
          new Resize(
              Instant.parse(entry.getString("at")),
              entry.getInteger("fromMax"),
              entry.getInteger("max"));
      if (resize.direction() != 0) {
        resizes.add(resize);
      }
    }
    return List.copyOf(resizes);
  }

  /** When each reversal happened: the resizes whose direction is opposite to the one before. */
  static List<Instant> reversals(List<Resize> resizes) {
    List<Instant> reversals = new ArrayList<>();
    int previous = 0;
    for (Resize resize : resizes) {
      if (previous != 0 && resize.direction() == -previous) {
        reversals.add(resize.at());
      }
      previous = resize.direction();
    }
    return List.copyOf(reversals);
  }

  /** The pool's maximum at {@code at}: the last resize before it, else {@code initial}. */
  static int maxAt(List<Resize> resizes, Instant at, int initial) {
    int max = initial;
    for (Resize resize : resizes) {
      if (resize.at().isAfter(at)) {
        break;
      }
      max = resize.max();
    }
    return max;
  }
}
