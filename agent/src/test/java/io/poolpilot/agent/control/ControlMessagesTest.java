package io.poolpilot.agent.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.poolpilot.agent.control.ControlMessages.AgentIdentity;
import io.poolpilot.agent.control.ControlMessages.AgentReport;
import io.poolpilot.agent.control.ControlMessages.DesiredPool;
import io.poolpilot.agent.control.ControlMessages.DesiredState;
import io.poolpilot.agent.control.ControlMessages.PoolReport;
import io.poolpilot.agent.pool.ResizeResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControlMessagesTest {
  private static DesiredState decode(String json) {
    return ControlMessages.decode(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void writesEveryFieldOfTheAgentsReport() {
    AgentReport report =
        new AgentReport(
            new AgentIdentity("orders", "id-1", "0.1.0", "tune"),
            7,
            42,
            "abc",
            List.of(new PoolReport("orders-*", 4, 16, 2, 16, true, null)),
            List.of(new ResizeResult("orders-*", true, 4, 16, "")));

    String json = new String(ControlMessages.encode(report), StandardCharsets.UTF_8);

    assertThat(json)
        .contains("\"protocol\":1")
        .contains("\"serviceName\":\"orders\"")
        .contains("\"instanceId\":\"id-1\"")
        .contains("\"mode\":\"tune\"")
        .contains("\"sequence\":7")
        .contains("\"appliedVersion\":42")
        .contains("\"appliedHash\":\"abc\"")
        .contains(
            "{\"name\":\"orders-*\",\"core\":4,\"max\":16,\"originalCore\":2,\"originalMax\":16,"
                + "\"resizable\":true,\"refusal\":null}")
        .contains("{\"pool\":\"orders-*\",\"applied\":true,\"core\":4,\"max\":16,\"reason\":\"\"}");
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
    assertThat(state.pollInterval()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void anEmptyDesiredListIsAValidState() {
    assertThat(decode("{\"version\":3,\"desired\":[]}").desired()).isEmpty();
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
}
