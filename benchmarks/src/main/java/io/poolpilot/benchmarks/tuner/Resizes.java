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

  /**
   * One applied resize: when, and the core size the tuner set before (or, for its first, the one it
   * found) and now. The core size, because with an unbounded queue a {@code ThreadPoolExecutor}
   * never runs more threads than its core, and the agent then leaves the maximum as it is: the
   * journal's {@code fromMax} keeps the application's maximum while the pool shrinks and grows.
   */
  record Resize(Instant at, int from, int to) {
    int direction() {
      return Integer.signum(to - from);
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
    Integer previous = null;
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
      int from = previous == null ? entry.getInteger("fromCore") : previous;
      Resize resize =
          new Resize(Instant.parse(entry.getString("at")), from, entry.getInteger("core"));
      previous = resize.to();
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

  /** The pool's size at {@code at}: the last resize before it, else {@code initial}. */
  static int sizeAt(List<Resize> resizes, Instant at, int initial) {
    int size = initial;
    for (Resize resize : resizes) {
      if (resize.at().isAfter(at)) {
        break;
      }
      size = resize.to();
    }
    return size;
  }
}
