package io.poolpilot.sidecar.auth;

import io.poolpilot.protocol.control.ControlProtocol;
import io.poolpilot.sidecar.model.InstanceKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Which agent owns which instance. The token proves a sender may talk to this sidecar; it does not
 * say which JVM it is, and on a node where many agents share one token (a sidecar per node) any of
 * them could otherwise speak for another. So each agent draws a session secret at start ({@link
 * ControlProtocol#SESSION_HEADER}) and the first authenticated message that names an instance binds
 * the instance to that session; from then on control and telemetry for the instance are taken only
 * with the same session. Instance ids are random per JVM start, so a new JVM binds anew; a bound
 * instance is released when it expires.
 *
 * <p>Only a digest of each session is kept, compared in constant time. Thread-safe.
 */
public final class AgentSessions {

  /** What {@link #claim} found. */
  public enum Claim {
    /** The session now owns the instance, which no session owned before. */
    BOUND,
    /** The session owned the instance already. */
    OWNER,
    /** Another session owns the instance: the sender may not speak for it. */
    OTHER_OWNER,
    /** The session header is missing or not a session ({@link #isSession}). */
    NO_SESSION
  }

  private final Map<InstanceKey, byte[]> owners = new HashMap<>();

  /**
   * Binds {@code instance} to {@code session} if it is unbound; says whether the session may speak
   * for the instance. Call only for a sender that proved the token.
   */
  public Claim claim(InstanceKey instance, String session) {
    Objects.requireNonNull(instance, "instance");
    if (!isSession(session)) {
      return Claim.NO_SESSION;
    }
    byte[] digest = digest(session);
    synchronized (this) {
      byte[] owner = owners.putIfAbsent(instance, digest);
      if (owner == null) {
        return Claim.BOUND;
      }
      return MessageDigest.isEqual(owner, digest) ? Claim.OWNER : Claim.OTHER_OWNER;
    }
  }

  /** Whether an agent's session owns the instance, so no unauthenticated data may stand for it. */
  public synchronized boolean isBound(InstanceKey instance) {
    return owners.containsKey(instance);
  }

  /** Releases an instance, once it expired: a process of that id must bind again. */
  public synchronized void release(InstanceKey instance) {
    owners.remove(instance);
  }

  /** How many instances are bound. */
  public synchronized int size() {
    return owners.size();
  }

  /** Whether a header value (null when absent) has the length and characters of a session. */
  public static boolean isSession(String value) {
    if (value == null
        || value.length() < ControlProtocol.MIN_SESSION_LENGTH
        || value.length() > ControlProtocol.MAX_SESSION_LENGTH) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        return false;
      }
    }
    return true;
  }

  private static byte[] digest(String session) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(session.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
