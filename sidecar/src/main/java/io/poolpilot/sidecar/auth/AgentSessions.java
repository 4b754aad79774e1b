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
 * ControlProtocol#SESSION_HEADER}) and the first authenticated message that names an instance, once
 * the sidecar took the instance in, binds the instance to that session; from then on control and
 * telemetry for the instance are taken only with the same session. Instance ids are random per JVM
 * start, so a new JVM binds anew; a bound instance is released when it expires, unless it was taken
 * in again meanwhile.
 *
 * <p>Only a digest of each session is kept, compared in constant time. Thread-safe.
 */
public final class AgentSessions {

  /** What {@link #claim} found. */
  public enum Claim {
    /**
     * No session owns the instance: this one may speak for it, and owns it once the sidecar took
     * the instance in ({@link #bind}).
     */
    UNBOUND,
    /** The session owns the instance. */
    OWNER,
    /** Another session owns the instance: the sender may not speak for it. */
    OTHER_OWNER,
    /** The session header is missing or not a session ({@link #isSession}). */
    NO_SESSION
  }

  /** An instance's owner, and the number of the admission that last confirmed it. */
  private record Binding(byte[] digest, long admission) {}

  private final Map<InstanceKey, Binding> owners = new HashMap<>();
  private long admissions;

  /**
   * Says whether {@code session} may speak for {@code instance}; binds nothing, as the sidecar may
   * yet refuse the instance (its bounds on processes). Call only for a sender that proved the
   * token.
   */
  public Claim claim(InstanceKey instance, String session) {
    Objects.requireNonNull(instance, "instance");
    if (!isSession(session)) {
      return Claim.NO_SESSION;
    }
    byte[] digest = digest(session);
    synchronized (this) {
      Binding owner = owners.get(instance);
      if (owner == null) {
        return Claim.UNBOUND;
      }
      return MessageDigest.isEqual(owner.digest(), digest) ? Claim.OWNER : Claim.OTHER_OWNER;
    }
  }

  /**
   * Notes that the sidecar took {@code instance} in for {@code session}: binds it if no session
   * owns it, so that only instances the sidecar keeps are owned (a refused one would otherwise stay
   * bound, and bindings grow without bound), and numbers the admission, so that an expiry decided
   * before it releases nothing ({@link #releaseIfNotAdmittedSince}).
   *
   * @return false if another session owns the instance (it was taken in for that one first) or
   *     {@code session} is not a session
   */
  public boolean bind(InstanceKey instance, String session) {
    Objects.requireNonNull(instance, "instance");
    if (!isSession(session)) {
      return false;
    }
    byte[] digest = digest(session);
    synchronized (this) {
      Binding owner = owners.get(instance);
      if (owner != null && !MessageDigest.isEqual(owner.digest(), digest)) {
        return false;
      }
      owners.put(instance, new Binding(digest, ++admissions));
      return true;
    }
  }

  /** The number of the latest admission: taken before deciding which instances expired. */
  public synchronized long admissions() {
    return admissions;
  }

  /**
   * Releases an instance that expired, so a process of that id must bind again; unless it was taken
   * in again after {@code mark} ({@link #admissions()} before the expiry was decided): then its
   * agent came back between the decision and the release, and keeps its instance.
   *
   * @return whether it was released
   */
  public synchronized boolean releaseIfNotAdmittedSince(InstanceKey instance, long mark) {
    Binding owner = owners.get(instance);
    if (owner == null || owner.admission() > mark) {
      return false;
    }
    owners.remove(instance);
    return true;
  }

  /** Whether an agent's session owns the instance, so no unauthenticated data may stand for it. */
  public synchronized boolean isBound(InstanceKey instance) {
    return owners.containsKey(instance);
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
