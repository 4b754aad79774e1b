package io.poolpilot.examples.servicea;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Real CPU work: {@code rounds} SHA-256 digests over a 4 KiB buffer, each digest folded back into
 * the buffer so that no round can be skipped or hoisted. A round costs about 5 µs of CPU on a
 * current x86 core once compiled (the JDK's SHA intrinsics), so a request's cost is set by its
 * round count: 8000 rounds are about 40 ms.
 */
public final class HashWork {
  /** The most rounds one request may ask for: about a second of CPU. */
  public static final int MAX_ROUNDS = 100_000;

  private static final int BUFFER_BYTES = 4096;

  private HashWork() {}

  /** Runs the rounds and returns the last digest in hex. */
  public static String run(int rounds) {
    if (rounds < 1 || rounds > MAX_ROUNDS) {
      throw new IllegalArgumentException("rounds " + rounds + " outside 1.." + MAX_ROUNDS);
    }
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    byte[] buffer = new byte[BUFFER_BYTES];
    byte[] digest = new byte[0];
    for (int i = 0; i < rounds; i++) {
      sha256.update(buffer);
      digest = sha256.digest();
      System.arraycopy(digest, 0, buffer, (i * digest.length) % BUFFER_BYTES, digest.length);
    }
    return HexFormat.of().formatHex(digest);
  }
}
