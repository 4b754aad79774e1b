package io.poolpilot.sidecar.auth;

import io.poolpilot.sidecar.model.InstanceKey;
import io.poolpilot.sidecar.model.Sender;
import java.util.Objects;

/**
 * Tells, for each process an OTLP export speaks for, whether the data is its agent's. Data is the
 * agent's ({@link Sender#AGENT}) when the request carries the sidecar's token and the session that
 * owns the process (the first such request the sidecar takes in binds it, {@link #admitted}); it is
 * refused when the process belongs to an agent's session and the request does not prove that
 * session; anything else is {@link Sender#UNVERIFIED}: kept, shown and forwarded, never used to
 * steer. So an OTLP sender without the agent (an OpenTelemetry SDK or agent) keeps working as
 * before, and no sender can speak for a process an agent owns.
 */
public final class TelemetrySenders {

  /** The verdict for one process: who the data is from, or why it is not recorded. */
  public record Verdict(Sender sender, String refusal) {
    static Verdict of(Sender sender) {
      return new Verdict(sender, null);
    }

    static Verdict refused(String why) {
      return new Verdict(null, why);
    }

    public boolean refused() {
      return refusal != null;
    }
  }

  private final BearerToken token;
  private final AgentSessions sessions;

  public TelemetrySenders(BearerToken token, AgentSessions sessions) {
    this.token = Objects.requireNonNull(token, "token");
    this.sessions = Objects.requireNonNull(sessions, "sessions");
  }

  /**
   * @param authorization the request's {@code Authorization} header, null when absent
   * @param session the request's session header, null when absent
   */
  public Verdict classify(InstanceKey instance, String authorization, String session) {
    boolean authenticated = token.admits(authorization);
    if (authenticated && !instance.instance().isEmpty()) {
      switch (sessions.claim(instance, session)) {
        case UNBOUND, OWNER -> {
          return Verdict.of(Sender.AGENT);
        }
        case OTHER_OWNER -> {
          return Verdict.refused(instance + " belongs to another agent's session");
        }
        case NO_SESSION -> {
          // The token without a session: a tool holding the token, not an agent.
        }
      }
    }
    if (sessions.isBound(instance)) {
      return Verdict.refused(
          instance + " belongs to its PoolPilot agent: data without its session is not recorded");
    }
    return Verdict.of(Sender.UNVERIFIED);
  }

  /**
   * Notes that the sidecar took in {@code instance} from an agent's request ({@link
   * AgentSessions#bind}): from then on only that session speaks for it. Not before, so a process
   * the sidecar refuses owns nothing.
   */
  public void admitted(InstanceKey instance, String session) {
    sessions.bind(instance, session);
  }
}
