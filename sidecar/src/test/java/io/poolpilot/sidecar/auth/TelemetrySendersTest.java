package io.poolpilot.sidecar.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.sidecar.auth.AgentSessions.Claim;
import io.poolpilot.sidecar.auth.TelemetrySenders.Verdict;
import io.poolpilot.sidecar.model.InstanceKey;
import io.poolpilot.sidecar.model.Sender;
import org.junit.jupiter.api.Test;

class TelemetrySendersTest {

  private static final String BEARER = "Bearer t0ken";
  private static final String AGENT_SESSION = "a".repeat(32);
  private static final String OTHER_SESSION = "b".repeat(32);
  private static final InstanceKey ORDERS = new InstanceKey("orders", "i-1");

  private final AgentSessions sessions = new AgentSessions();
  private final TelemetrySenders senders = new TelemetrySenders(new BearerToken("t0ken"), sessions);

  @Test
  void theTokenAndASessionMakeTheAgentWhoseInstanceIsBoundOnceTakenIn() {
    assertThat(senders.classify(ORDERS, BEARER, AGENT_SESSION)).isEqualTo(agent());
    assertThat(sessions.claim(ORDERS, AGENT_SESSION)).isEqualTo(Claim.UNBOUND);

    senders.admitted(ORDERS, AGENT_SESSION);

    assertThat(senders.classify(ORDERS, BEARER, AGENT_SESSION)).isEqualTo(agent());
    assertThat(sessions.claim(ORDERS, AGENT_SESSION)).isEqualTo(Claim.OWNER);
  }

  @Test
  void nobodyElseMaySpeakForABoundInstanceTokenOrNot() {
    senders.admitted(ORDERS, AGENT_SESSION);

    Verdict otherSession = senders.classify(ORDERS, BEARER, OTHER_SESSION);
    Verdict noToken = senders.classify(ORDERS, null, AGENT_SESSION);
    Verdict wrongToken = senders.classify(ORDERS, "Bearer guess", AGENT_SESSION);
    Verdict tokenWithoutSession = senders.classify(ORDERS, BEARER, null);

    assertThat(otherSession.refusal()).isEqualTo("orders/i-1 belongs to another agent's session");
    assertThat(noToken.refused()).isTrue();
    assertThat(wrongToken.refused()).isTrue();
    assertThat(tokenWithoutSession.refused()).isTrue();
    assertThat(noToken.refusal()).contains("belongs to its PoolPilot agent");
  }

  @Test
  void withoutTheTokenOrASessionDataIsUnverifiedAndBindsNothing() {
    assertThat(senders.classify(ORDERS, null, null)).isEqualTo(unverified());
    assertThat(senders.classify(ORDERS, "Bearer guess", AGENT_SESSION)).isEqualTo(unverified());
    assertThat(senders.classify(ORDERS, BEARER, "short")).isEqualTo(unverified());
    assertThat(senders.classify(new InstanceKey("orders", ""), BEARER, AGENT_SESSION))
        .as("a process without an instance id cannot be bound")
        .isEqualTo(unverified());

    assertThat(sessions.size()).isZero();
    assertThat(senders.classify(ORDERS, BEARER, OTHER_SESSION))
        .as("so the agent still binds its instance first")
        .isEqualTo(agent());
  }

  @Test
  void aReleasedInstanceMayBeBoundAgain() {
    senders.admitted(ORDERS, AGENT_SESSION);

    assertThat(sessions.releaseIfNotAdmittedSince(ORDERS, sessions.admissions())).isTrue();

    assertThat(senders.classify(ORDERS, BEARER, OTHER_SESSION)).isEqualTo(agent());
  }

  @Test
  void aSessionIsThirtyTwoToOneHundredTwentyEightPrintableCharacters() {
    assertThat(AgentSessions.isSession("a".repeat(32))).isTrue();
    assertThat(AgentSessions.isSession("a".repeat(128))).isTrue();
    assertThat(AgentSessions.isSession("a".repeat(31))).isFalse();
    assertThat(AgentSessions.isSession("a".repeat(129))).isFalse();
    assertThat(AgentSessions.isSession("a".repeat(31) + " ")).isFalse();
    assertThat(AgentSessions.isSession("a".repeat(31) + "é")).isFalse();
    assertThat(AgentSessions.isSession(null)).isFalse();
  }

  private static Verdict agent() {
    return new Verdict(Sender.AGENT, null);
  }

  private static Verdict unverified() {
    return new Verdict(Sender.UNVERIFIED, null);
  }
}
