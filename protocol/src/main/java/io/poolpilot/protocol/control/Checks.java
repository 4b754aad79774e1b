package io.poolpilot.protocol.control;

import java.util.Objects;

/**
 * The argument checks the message records share, each naming the field and its value.
 *
 * <p>Texts are held to {@link ControlProtocol#MAX_TEXT_LENGTH} here, where both sides build their
 * messages, because the sidecar refuses a message with any longer text: the agent learns of such a
 * text when it builds its report, instead of from a sidecar that answers every report with 400.
 */
final class Checks {
  /** How much of an over-long text a message shows: enough to recognise it. */
  private static final int SHOWN = 40;

  private Checks() {}

  /** A name a message carries (a pool, a service, an instance): not empty, not too long. */
  static void name(String field, String value) {
    Objects.requireNonNull(value, field);
    if (value.isEmpty()) {
      throw new IllegalArgumentException(field + " is empty");
    }
    text(field, value);
  }

  /** Any text a message carries (a version, a hash, a reason): present, possibly empty. */
  static void text(String field, String value) {
    Objects.requireNonNull(value, field);
    if (value.length() > ControlProtocol.MAX_TEXT_LENGTH) {
      throw new IllegalArgumentException(
          field
              + " '"
              + value.substring(0, SHOWN)
              + "...' is "
              + value.length()
              + " characters long, expected at most "
              + ControlProtocol.MAX_TEXT_LENGTH);
    }
  }

  static void notNegative(String field, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(field + " " + value + " is negative");
    }
  }
}
