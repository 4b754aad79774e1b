package io.poolpilot.protocol.control;

import java.time.Duration;

/**
 * The fixed facts of the control exchange ({@code docs/protocol.md}): its version, where the agent
 * posts, how large a message may be, and every JSON key of both messages. Both sides' codecs write
 * and read these constants, and the golden examples in this module's test jar hold them to the same
 * shapes.
 */
public final class ControlProtocol {
  private ControlProtocol() {}

  /** The protocol version both sides speak; a message of another version is refused. */
  public static final int VERSION = 1;

  /** Where the agent posts its report, on the sidecar's agent-facing listener. */
  public static final String PATH = "/v1/poolpilot/control";

  /**
   * The folder {@link #PATH} is in, with its trailing slash: the sidecar keeps every path under it
   * for this protocol, answering them in its JSON error shape rather than as OTLP.
   */
  public static final String PATH_PREFIX = PATH.substring(0, PATH.lastIndexOf('/') + 1);

  /** The media type of both messages. */
  public static final String CONTENT_TYPE = "application/json";

  /** 1 MiB: a message lists an instance's pools, a few kilobytes even for hundreds of them. */
  public static final int MAX_BODY_BYTES = 1024 * 1024;

  /**
   * The header carrying the agent's session: a random secret each JVM draws at start and sends,
   * beside its bearer token, on every control message and every OTLP export. The sidecar binds an
   * instance id to the first authenticated session that names it and refuses control and telemetry
   * for that instance from any other, so one token holder cannot steer another's pools.
   */
  public static final String SESSION_HEADER = "PoolPilot-Session";

  /** The shortest session a sidecar accepts: 32 characters, 128 bits as hex or a UUID's 122. */
  public static final int MIN_SESSION_LENGTH = 32;

  /** The longest session a sidecar accepts. */
  public static final int MAX_SESSION_LENGTH = 128;

  /**
   * The largest sequence number: 2^53 - 1, the largest integer every JSON reader keeps exact. An
   * agent counting one message a second reaches it in 285 million years.
   */
  public static final long MAX_SEQUENCE = (1L << 53) - 1;

  /**
   * How far ahead of the sidecar's clock an applied version may be. Versions are the sidecar's
   * clock in milliseconds (or just above it), so an agent can only report one from a sidecar whose
   * clock ran ahead; a version further ahead than this is no version any sidecar issued, and taking
   * it as the floor of the next one would let a single message push versions to overflow.
   */
  public static final Duration MAX_VERSION_AHEAD = Duration.ofDays(1);

  /** The longest pool name, service name, instance id or text a message may carry. */
  public static final int MAX_TEXT_LENGTH = 1024;

  /** The least poll interval a sidecar may ask for; the agent raises a shorter one to this. */
  public static final Duration MIN_POLL_INTERVAL = Duration.ofSeconds(1);

  /** The longest poll interval a sidecar may ask for; the agent lowers a longer one to this. */
  public static final Duration MAX_POLL_INTERVAL = Duration.ofSeconds(60);

  // Keys of both messages.
  public static final String PROTOCOL = "protocol";

  // The agent's report.
  public static final String INSTANCE = "instance";
  public static final String SERVICE_NAME = "serviceName";
  public static final String INSTANCE_ID = "instanceId";
  public static final String AGENT_VERSION = "agentVersion";
  public static final String MODE = "mode";
  public static final String SEQUENCE = "sequence";
  public static final String APPLIED_VERSION = "appliedVersion";
  public static final String APPLIED_HASH = "appliedHash";
  public static final String POOLS = "pools";
  public static final String NAME = "name";
  public static final String CORE = "core";
  public static final String MAX = "max";
  public static final String ORIGINAL_CORE = "originalCore";
  public static final String ORIGINAL_MAX = "originalMax";
  public static final String RESIZABLE = "resizable";
  public static final String REFUSAL = "refusal";
  public static final String RESULTS = "results";
  public static final String POOL = "pool";
  public static final String APPLIED = "applied";
  public static final String REASON = "reason";

  // The sidecar's answer (with POOL, CORE and MAX in each desired entry).
  public static final String VERSION_KEY = "version";
  public static final String HASH = "hash";
  public static final String DESIRED = "desired";
  public static final String POLL_INTERVAL = "pollInterval";
}
