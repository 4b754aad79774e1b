package io.poolpilot.sidecar.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Objects;

/**
 * The shared secret that API writes (and, when configured, agents' control messages) must carry as
 * {@code Authorization: Bearer <token>}. Compared in constant time; never printed by {@link
 * #toString()}.
 */
public final class BearerToken {

  private static final String SCHEME = "bearer ";

  private final String value;

  /**
   * @throws IllegalArgumentException for an empty token or one with characters an HTTP header
   *     cannot carry unchanged (spaces, control characters, non-ASCII)
   */
  public BearerToken(String value) {
    Objects.requireNonNull(value, "value");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("the token is empty");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        throw new IllegalArgumentException(
            "the token has a character other than printable ASCII at position " + (i + 1));
      }
    }
    this.value = value;
  }

  /** Whether an {@code Authorization} header value (null when absent) carries this token. */
  public boolean admits(String authorization) {
    if (authorization == null
        || authorization.length() < SCHEME.length()
        || !authorization.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
      return false;
    }
    byte[] offered =
        authorization.substring(SCHEME.length()).strip().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(offered, value.getBytes(StandardCharsets.UTF_8));
  }

  /** The secret itself, for writing it to the token file. */
  public String value() {
    return value;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BearerToken token && token.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return "BearerToken[redacted]";
  }
}
