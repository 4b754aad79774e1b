package io.poolpilot.protocol.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The digest of a desired list that the protocol carries as {@code hash}: equal lists, in any
 * order, get equal hashes. Only the sidecar computes it; the agent echoes it back as {@code
 * appliedHash}.
 *
 * <p>Canonical form: the entries sorted by pool name, each written as {@code <n>:<pool> <core>
 * <max>} and a line feed, in UTF-8, where {@code n} is the length of the pool name in UTF-16 units:
 * the length prefix keeps the form unambiguous whatever characters a pool name holds. The hash is
 * the first 8 bytes of the form's SHA-256 in lower-case hex: 64 bits make an accidental collision
 * between two states of one instance negligible, and keep the messages short.
 */
public final class DesiredStateHash {

  private static final int BYTES = 8;

  private DesiredStateHash() {}

  public static String of(List<DesiredPool> desired) {
    List<DesiredPool> sorted = new ArrayList<>(desired);
    sorted.sort(DesiredPool.BY_POOL);
    StringBuilder canonical = new StringBuilder();
    for (DesiredPool pool : sorted) {
      canonical
          .append(pool.pool().length())
          .append(':')
          .append(pool.pool())
          .append(' ')
          .append(pool.core())
          .append(' ')
          .append(pool.max())
          .append('\n');
    }
    byte[] digest = sha256().digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest, 0, BYTES);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
