package io.poolpilot.sidecar.ui;

import io.poolpilot.sidecar.model.PoolSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Renders pool snapshots as a fixed-width text table for a terminal, one pool a line, so a person
 * can watch a backlog build up without a UI. A reading not reported yet shows as {@code -}; the
 * instance id is cut to its first 8 characters, enough to tell processes apart.
 */
public final class PoolTable {

  private static final String[] HEADERS = {
    "SERVICE",
    "INSTANCE",
    "POOL",
    "CORE",
    "MAX",
    "ACTIVE",
    "IDLE",
    "QUEUED",
    "OLDEST_MS",
    "WAIT_P50_MS",
    "WAIT_P99_MS",
    "COMPLETED",
    "REJECTED"
  };

  /** Columns 0-2 are text and left-aligned; the rest are numbers and right-aligned. */
  private static final int TEXT_COLUMNS = 3;

  private static final int INSTANCE_CHARS = 8;

  private PoolTable() {}

  /** The table, every line ending in a newline; one line saying so when there are no pools. */
  public static String render(List<PoolSnapshot> pools) {
    if (pools.isEmpty()) {
      return "(no pools reported yet)\n";
    }
    List<String[]> rows = new ArrayList<>(pools.size() + 1);
    rows.add(HEADERS);
    for (PoolSnapshot pool : pools) {
      rows.add(row(pool));
    }
    int[] widths = new int[HEADERS.length];
    for (String[] row : rows) {
      for (int c = 0; c < row.length; c++) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      for (int c = 0; c < row.length; c++) {
        if (c > 0) {
          out.append("  ");
        }
        String pad = " ".repeat(widths[c] - row[c].length());
        out.append(c < TEXT_COLUMNS ? row[c] + pad : pad + row[c]);
      }
      out.setLength(out.length() - trailingSpaces(out));
      out.append('\n');
    }
    return out.toString();
  }

  private static String[] row(PoolSnapshot pool) {
    String instance = pool.key().instance();
    return new String[] {
      pool.key().service(),
      instance.isEmpty() ? "-" : instance.substring(0, Math.min(INSTANCE_CHARS, instance.length())),
      pool.key().pool(),
      number(pool.core()),
      number(pool.max()),
      number(pool.active()),
      number(pool.idle()),
      number(pool.queued()),
      millis(pool.oldestAgeSeconds()),
      millis(pool.queueWait().p50Seconds()),
      millis(pool.queueWait().p99Seconds()),
      number(pool.completed()),
      number(pool.rejected())
    };
  }

  private static String number(OptionalLong value) {
    return value.isPresent() ? Long.toString(value.getAsLong()) : "-";
  }

  private static String millis(OptionalDouble seconds) {
    return seconds.isPresent()
        ? String.format(Locale.ROOT, "%.1f", seconds.getAsDouble() * 1000)
        : "-";
  }

  private static int trailingSpaces(StringBuilder line) {
    int n = 0;
    while (n < line.length() && line.charAt(line.length() - 1 - n) == ' ') {
      n++;
    }
    return n;
  }
}
