package io.poolpilot.sidecar.api;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Which slice of a long answer a client asked for ({@code ?offset=&limit=}), so that no single
 * answer grows with the number of pools a sidecar carries: a per-node sidecar for a thousand
 * instances of ten pools holds 10,000 of them.
 *
 * @param offset how many entries to skip, from 0
 * @param limit how many entries to answer at most, from 1 to {@link #MAX_LIMIT}
 */
record PageRequest(int offset, int limit) {

  /** Entries answered when no {@code limit} is given: every pool of a sidecar beside a service. */
  static final int DEFAULT_LIMIT = 1000;

  /** The largest {@code limit}: about 5 MB of pools' JSON, built on a worker in well under 1 s. */
  static final int MAX_LIMIT = 5000;

  PageRequest {
    if (offset < 0) {
      throw new IllegalArgumentException("offset " + offset + " is negative");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit " + limit + " is not from 1 to " + MAX_LIMIT);
    }
  }

  /**
   * Reads {@code offset} and {@code limit} as the client gave them (either may be null: 0 and
   * {@link #DEFAULT_LIMIT}).
   *
   * @throws Invalid saying which value was wrong and what was expected
   */
  static PageRequest parse(String offsetParam, String limitParam) throws Invalid {
    int offset = offsetParam == null ? 0 : wholeNumber(offsetParam);
    if (offset < 0) {
      throw new Invalid("offset '" + offsetParam + "' is not a whole number from 0");
    }
    int limit = limitParam == null ? DEFAULT_LIMIT : wholeNumber(limitParam);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new Invalid("limit '" + limitParam + "' is not a whole number from 1 to " + MAX_LIMIT);
    }
    return new PageRequest(offset, limit);
  }

  /** The entries of this page, in the order of {@code all}; empty past its end. */
  <T> List<T> slice(List<T> all) {
    int from = Math.min(offset, all.size());
    int to = (int) Math.min((long) from + limit, all.size());
    return all.subList(from, to);
  }

  /**
   * Puts where this page sits among {@code total} entries into {@code answer}: {@code offset},
   * {@code limit}, {@code total}, {@code more} and, when there is more, {@code nextOffset}.
   */
  JsonObject describe(JsonObject answer, int total) {
    long next = (long) offset + limit;
    boolean more = next < total;
    answer.put("offset", offset).put("limit", limit).put("total", total).put("more", more);
    if (more) {
      answer.put("nextOffset", next);
    }
    return answer;
  }

  private static int wholeNumber(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** A query that names no page: its message says which value and what was expected. */
  static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message);
    }
  }
}
