package io.poolpilot.sidecar.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.sidecar.auth.AgentSessions.Claim;
import io.poolpilot.sidecar.model.InstanceKey;
import org.junit.jupiter.api.Test;

class AgentSessionsTest {

  private static final String AGENT = "a".repeat(32);
  private static final String OTHER = "b".repeat(32);
  private static final InstanceKey ORDERS = new InstanceKey("orders", "i-1");

  private final AgentSessions sessions = new AgentSessions();

  @Test
  void claimingBindsNothingTheFirstSessionTakenInOwnsTheInstance() {
    assertThat(sessions.claim(ORDERS, AGENT)).isEqualTo(Claim.UNBOUND);
    assertThat(sessions.claim(ORDERS, OTHER)).isEqualTo(Claim.UNBOUND);
    assertThat(sessions.size()).isZero();

    assertThat(sessions.bind(ORDERS, AGENT)).isTrue();
    assertThat(sessions.bind(ORDERS, OTHER)).as("taken in for the agent first").isFalse();
    assertThat(sessions.bind(ORDERS, AGENT)).isTrue();

    assertThat(sessions.claim(ORDERS, AGENT)).isEqualTo(Claim.OWNER);
    assertThat(sessions.claim(ORDERS, OTHER)).isEqualTo(Claim.OTHER_OWNER);
    assertThat(sessions.bind(ORDERS, "short")).isFalse();
  }

  @Test
  void anInstanceTakenInAgainAfterItsExpiryWasDecidedKeepsItsSession() {
    sessions.bind(ORDERS, AGENT);
    long beforeTheSweepDecided = sessions.admissions();

    // The agent is taken in again between the sweep's decision and its release.
    sessions.bind(ORDERS, AGENT);

    assertThat(sessions.releaseIfNotAdmittedSince(ORDERS, beforeTheSweepDecided)).isFalse();
    assertThat(sessions.claim(ORDERS, OTHER)).isEqualTo(Claim.OTHER_OWNER);
  }

  @Test
  void anInstanceNotTakenInSinceIsReleased() {
    sessions.bind(ORDERS, AGENT);

    assertThat(sessions.releaseIfNotAdmittedSince(ORDERS, sessions.admissions())).isTrue();

    assertThat(sessions.isBound(ORDERS)).isFalse();
    assertThat(sessions.bind(ORDERS, OTHER)).as("a process of that id binds anew").isTrue();
  }
}
