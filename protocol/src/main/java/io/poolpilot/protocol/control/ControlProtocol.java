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

  /** The media type of both messages. */
  public static final String CONTENT_TYPE = "application/json";

  /** 1 MiB: a message lists an instance's pools, a few kilobytes even for hundreds of them. */
  public static final int MAX_BODY_BYTES = 1024 * 1024;

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
