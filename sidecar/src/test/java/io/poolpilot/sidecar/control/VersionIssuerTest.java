package io.poolpilot.sidecar.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VersionIssuerTest {

  @Test
  void followsTheWallClockWhenItIsAhead() {
    assertThat(VersionIssuer.next(1_000, 0, 5_000)).isEqualTo(5_000);
  }

  @Test
  void staysAboveTheLastIssuedWhenTheClockStandsStillOrStepsBack() {
    assertThat(VersionIssuer.next(5_000, 0, 5_000)).isEqualTo(5_001);
    assertThat(VersionIssuer.next(5_000, 0, 3_000)).isEqualTo(5_001);
  }

  @Test
  void staysAboveWhatTheAgentAppliedEvenWhenTheSidecarForgotIt() {
    assertThat(VersionIssuer.next(0, 9_000, 3_000)).isEqualTo(9_001);
  }
}
