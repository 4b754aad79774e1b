package io.poolpilot.agent.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.poolpilot.protocol.control.AgentIdentity;
import io.poolpilot.protocol.control.AgentReport;
import io.poolpilot.protocol.control.ApplyResult;
import io.poolpilot.protocol.control.DesiredPool;
import io.poolpilot.protocol.control.DesiredState;
import io.poolpilot.protocol.control.GoldenMessages;
import io.poolpilot.protocol.control.GoldenMessages.Golden;
import io.poolpilot.protocol.control.ReportedPool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ControlMessagesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static DesiredState decode(String json) {
    return ControlMessages.decode(json.getBytes(StandardCharsets.UTF_8));
  }

  private static AgentReport report(ReportedPool pool) {
    return new AgentReport(
        new AgentIdentity("orders", "id-1", "0.1.0", "tune"),
        7,
        42,
        "abc",
        List.of(pool),
        List.of(new ApplyResult("orders-*", true, 4, 16, "")));
  }

  @Test
  void writesEveryGoldenReportAsItsGoldenJson() throws IOException {
    List<Golden<AgentReport>> goldens = GoldenMessages.agentReports();
    assertThat(goldens).isNotEmpty();
    for (Golden<AgentReport> golden : goldens) {
      JsonNode written = JSON.readTree(ControlMessages.encode(golden.message()));

      assertThat(written).as(golden.file()).isEqualTo(JSON.readTree(golden.json()));
    }
  }

  @Test
  void readsEveryGoldenStateAsItsRecord() {
    List<Golden<DesiredState>> goldens = GoldenMessages.desiredStates();
    assertThat(goldens).isNotEmpty();
    for (Golden<DesiredState> golden : goldens) {
      assertThat(decode(golden.json())).as(golden.file()).isEqualTo(golden.message());
    }
  }

  @Test
  void writesAPoolWithNoRefusalAsNullAndOneWithAReasonAsText() throws IOException {
    JsonNode free =
        JSON.readTree(
            ControlMessages.encode(
                report(new ReportedPool("orders-*", 4, 16, 2, 16, true, Optional.empty()))));
    JsonNode refused =
        JSON.readTree(
            ControlMessages.encode(
                report(
                    new ReportedPool(
                        "orders-*", 4, 16, 4, 16, false, Optional.of("observe mode")))));

    assertThat(free.at("/pools/0/refusal").isNull()).isTrue();
    assertThat(refused.at("/pools/0/refusal").asText()).isEqualTo("observe mode");
  }

  @Test
  void readsTheDesiredStateAndSkipsFieldsItDoesNotKnow() {
    DesiredState state =
        decode(
            "{\"protocol\":1,\"version\":1764226800456,\"hash\":\"h\",\"future\":{\"a\":[1,2]},"
                + "\"desired\":[{\"pool\":\"orders-*\",\"core\":6,\"max\":16,\"note\":\"x\"}],"
                + "\"pollInterval\":\"2s\"}");

    assertThat(state.version()).isEqualTo(1764226800456L);
    assertThat(state.hash()).isEqualTo("h");
    assertThat(state.desired()).containsExactly(new DesiredPool("orders-*", 6, 16));
    assertThat(state.pollInterval()).contains(Duration.ofSeconds(2));
  }

  @Test
  void anEmptyDesiredListWithoutHashOrPollIntervalIsAValidState() {
    DesiredState state = decode("{\"version\":3,\"desired\":[]}");

    assertThat(state.desired()).isEmpty();
    assertThat(state.hash()).isEmpty();
    assertThat(state.pollInterval()).isEmpty();
  }

  @Test
  void rejectsAnswersThatAreNotTheProtocolNamingWhatIsWrong() {
    assertThatThrownBy(() -> decode("<html>oops</html>"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("JSON");
    assertThatThrownBy(() -> decode("{\"desired\":[]}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version");
    assertThatThrownBy(() -> decode("{\"version\":1}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("desired");
    assertThatThrownBy(() -> decode("{\"version\":\"one\",\"desired\":[]}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'version' should be an integer");
    assertThatThrownBy(() -> decode("{\"version\":1,\"desired\":[{\"pool\":\"p\",\"core\":1}]}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'pool', 'core' and 'max'");
    assertThatThrownBy(() -> decode("{\"protocol\":2,\"version\":1,\"desired\":[]}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("protocol 2");
    assertThatThrownBy(() -> decode("{\"version\":1,\"desired\":[],\"pollInterval\":\"soon\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("soon");
    assertThatThrownBy(() -> decode("{\"version\":1,\"desired\":[{\"pool\":\"p\",\"core\":1,"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> decode("{\"version\":5,\"desired\":[null]}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'desired[0]' should be an object");
    assertThatThrownBy(
            () -> decode("{\"version\":5,\"desired\":[1,{\"pool\":\"p\",\"core\":1,\"max\":1}]}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> decode("{\"version\":5,\"hash\":{\"version\":9},\"desired\":[]}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'hash' should be a string");
  }

  @Test
  void aPollIntervalOnlyInTheWireFormIsRead() {
    assertThat(decode("{\"version\":1,\"desired\":[],\"pollInterval\":\"1500ms\"}").pollInterval())
        .contains(Duration.ofMillis(1500));
    // The agent's own settings also take minutes; the protocol writes seconds or milliseconds.
    assertThatThrownBy(() -> decode("{\"version\":1,\"desired\":[],\"pollInterval\":\"10m\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("10m");
  }

  /**
   * An entry no pool can have is garbage, like broken JSON: the answer is refused whole (so the
   * loop treats the sidecar as unreachable and every pool keeps its sizes), rather than clamped
   * into something the sidecar did not ask for, or dropped, which would give that pool its
   * application's sizes back.
   */
  @Test
  void rejectsAWholeAnswerWithSizesNoPoolCanHaveNamingTheEntry() {
    assertThatThrownBy(
            () ->
                decode(
                    "{\"version\":5,\"desired\":[{\"pool\":\"a-*\",\"core\":2,\"max\":4},"
                        + "{\"pool\":\"orders-*\",\"core\":0,\"max\":4}]}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("desired[1]")
        .hasMessageContaining("orders-*")
        .hasMessageContaining("core 0 is below 1");
    assertThatThrownBy(
            () ->
                decode(
                    "{\"version\":5,\"desired\":[{\"pool\":\"orders-*\",\"core\":6,\"max\":3}]}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max 3 is below core 6");
    assertThatThrownBy(
            () ->
                decode(
                    "{\"version\":5,\"desired\":[{\"pool\":\"p\",\"core\":1,\"max\":1},"
                        + "{\"pool\":\"p\",\"core\":2,\"max\":2}]}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'p' is desired twice");
  }
}
