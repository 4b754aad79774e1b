package io.poolpilot.sidecar.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.protocol.control.AgentReport;
import io.poolpilot.protocol.control.DesiredState;
import io.poolpilot.protocol.control.GoldenMessages;
import io.poolpilot.protocol.control.GoldenMessages.Golden;
import io.poolpilot.sidecar.testing.Agent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sidecar's view of every golden control message is the protocol module's: it reads each golden
 * report as its record and writes each golden state as its JSON. The agent's codec is held to the
 * same files, so the two sides cannot drift apart unnoticed.
 */
class ControlMessagesGoldenTest {

  /** The sidecar's clock: after every version in the golden messages. */
  private static final long NOW = Instant.parse("2026-12-07T00:00:00Z").toEpochMilli();

  static Iterable<Golden<AgentReport>> reports() {
    return GoldenMessages.agentReports();
  }

  static Iterable<Golden<DesiredState>> states() {
    return GoldenMessages.desiredStates();
  }

  @ParameterizedTest
  @MethodSource("reports")
  void readsEachGoldenReportAsItsRecord(Golden<AgentReport> golden) throws Exception {
    assertThat(ControlMessages.parse(Buffer.buffer(golden.json()), NOW))
        .isEqualTo(golden.message());
  }

  @ParameterizedTest
  @MethodSource("states")
  void writesEachGoldenStateAsItsJson(Golden<DesiredState> golden) {
    assertThat(ControlMessages.answer(golden.message())).isEqualTo(new JsonObject(golden.json()));
  }

  @ParameterizedTest
  @MethodSource("reports")
  void theTestsAgentWritesEachGoldenReportAsTheAgentDoes(Golden<AgentReport> golden) {
    assertThat(Agent.json(golden.message())).isEqualTo(new JsonObject(golden.json()));
  }
}
