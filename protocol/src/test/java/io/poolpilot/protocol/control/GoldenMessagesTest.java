package io.poolpilot.protocol.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * What can be checked of the golden messages without a JSON library (the codecs' own tests read
 * them fully): every file is there, names the protocol version, and each state's file carries the
 * hash its record's list has.
 */
class GoldenMessagesTest {

  @Test
  void everyGoldenFileIsThereAndNamesTheProtocolVersion() {
    GoldenMessages.agentReports()
        .forEach(
            golden ->
                assertThat(golden.json())
                    .as(golden.file())
                    .containsPattern("\"protocol\":\\s*" + ControlProtocol.VERSION + "\\b"));
    GoldenMessages.desiredStates()
        .forEach(
            golden ->
                assertThat(golden.json())
                    .as(golden.file())
                    .containsPattern("\"protocol\":\\s*" + ControlProtocol.VERSION + "\\b"));
  }

  @Test
  void eachGoldenStateCarriesTheHashOfItsOwnList() {
    GoldenMessages.desiredStates()
        .forEach(
            golden -> {
              DesiredState state = golden.message();
              assertThat(state.hash()).isEqualTo(DesiredStateHash.of(state.desired()));
              assertThat(golden.json())
                  .as(golden.file())
                  .contains("\"hash\": \"" + state.hash() + "\"")
                  .contains(
                      "\"pollInterval\": \""
                          + WireDurations.format(state.pollInterval().orElseThrow())
                          + "\"");
            });
  }

  @Test
  void eachGoldenReportCarriesItsSequenceAndAppliedVersion() {
    GoldenMessages.agentReports()
        .forEach(
            golden ->
                assertThat(golden.json())
                    .as(golden.file())
                    .contains("\"sequence\": " + golden.message().sequence() + ",")
                    .contains("\"appliedVersion\": " + golden.message().appliedVersion() + ","));
  }
}
