package io.poolpilot.protocol.control;

import java.util.Objects;

/** The argument checks the message records share, each naming the field and its value. */
final class Checks {
  private Checks() {}

  static void notEmpty(String field, String value) {
    Objects.requireNonNull(value, field);
    if (value.isEmpty()) {
      throw new IllegalArgumentException(field + " is empty");
    }
  }

  static void notNegative(String field, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(field + " " + value + " is negative");
    }
  }
}
