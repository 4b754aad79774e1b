package io.poolpilot.protocol.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MessageRecordsTest {

  private static final AgentIdentity ORDERS = new AgentIdentity("orders", "i-1", "0.1.0", "tune");

  private static ReportedPool pool(String name) {
    return new ReportedPool(name, 2, 4, 2, 4, true, Optional.empty());
  }

  @Test
  void aReportNamingOnePoolTwiceIsRefused() {
    assertThatThrownBy(
            () -> new AgentReport(ORDERS, 3, 0, "", List.of(pool("a"), pool("a")), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'a' is listed twice");
  }

  @Test
  void sequenceStartsAtOneAndVersionsAreNeverNegative() {
    assertThatThrownBy(() -> new AgentReport(ORDERS, 0, 0, "", List.of(), List.of()))
        .hasMessageContaining("sequence 0");
    assertThatThrownBy(() -> new AgentReport(ORDERS, 1, -1, "", List.of(), List.of()))
        .hasMessageContaining("appliedVersion -1");
    assertThatThrownBy(() -> new DesiredState(-1, "", List.of(), Optional.empty()))
        .hasMessageContaining("version -1");
  }

  @Test
  void theFirstMessageOfAJvmStartsANewProcess() {
    assertThat(new AgentReport(ORDERS, 1, 0, "", List.of(), List.of()).startsNewProcess()).isTrue();
    assertThat(new AgentReport(ORDERS, 1, 7, "h", List.of(), List.of()).startsNewProcess())
        .isFalse();
    assertThat(new AgentReport(ORDERS, 2, 0, "", List.of(), List.of()).startsNewProcess())
        .isFalse();
  }

  @Test
  void anIdentityNeedsAServiceAndAnInstance() {
    assertThatThrownBy(() -> new AgentIdentity("", "i", "", ""))
        .hasMessageContaining("serviceName is empty");
    assertThatThrownBy(() -> new AgentIdentity("s", "", "", ""))
        .hasMessageContaining("instanceId is empty");
  }

  @Test
  void everyNameIsAtMostAsLongAsTheSidecarAccepts() {
    String longest = "p".repeat(ControlProtocol.MAX_TEXT_LENGTH);
    String tooLong = longest + "p";

    assertThat(pool(longest).name()).isEqualTo(longest);
    assertThat(new AgentIdentity(longest, longest, "", "").serviceName()).isEqualTo(longest);
    assertThatThrownBy(() -> pool(tooLong))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name 'pppp")
        .hasMessageContaining("is 1025 characters long, expected at most 1024");
    assertThatThrownBy(() -> new ApplyResult(tooLong, true, 1, 1, ""))
        .hasMessageStartingWith("pool '");
    assertThatThrownBy(() -> new DesiredPool(tooLong, 1, 1)).hasMessageStartingWith("pool '");
    assertThatThrownBy(() -> new AgentIdentity(tooLong, "i", "", ""))
        .hasMessageStartingWith("serviceName '");
    assertThatThrownBy(() -> new AgentIdentity("s", tooLong, "", ""))
        .hasMessageStartingWith("instanceId '");
  }

  @Test
  void everyOtherTextIsAtMostAsLongAsTheSidecarAcceptsAndMayBeEmpty() {
    String longest = "t".repeat(ControlProtocol.MAX_TEXT_LENGTH);
    String tooLong = longest + "t";

    assertThat(new AgentIdentity("s", "i", longest, longest).mode()).isEqualTo(longest);
    assertThat(new ApplyResult("a", false, 1, 1, longest).reason()).isEqualTo(longest);
    assertThat(new ApplyResult("a", true, 1, 1, "").reason()).isEmpty();
    assertThat(new ReportedPool("a", 1, 1, 1, 1, false, Optional.of(longest)).refusal())
        .contains(longest);
    assertThat(new AgentReport(ORDERS, 1, 0, longest, List.of(), List.of()).appliedHash())
        .isEqualTo(longest);
    assertThat(new DesiredState(1, longest, List.of(), Optional.empty()).hash()).isEqualTo(longest);

    assertThatThrownBy(() -> new AgentIdentity("s", "i", tooLong, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "agentVersion '"
                + "t".repeat(40)
                + "...' is 1025 characters long, expected at most 1024");
    assertThatThrownBy(() -> new AgentIdentity("s", "i", "", tooLong))
        .hasMessageStartingWith("mode '");
    assertThatThrownBy(() -> new ApplyResult("a", false, 1, 1, tooLong))
        .hasMessageStartingWith("reason '");
    assertThatThrownBy(() -> new ReportedPool("a", 1, 1, 1, 1, false, Optional.of(tooLong)))
        .hasMessageStartingWith("refusal '");
    assertThatThrownBy(() -> new AgentReport(ORDERS, 1, 0, tooLong, List.of(), List.of()))
        .hasMessageStartingWith("appliedHash '");
    assertThatThrownBy(() -> new DesiredState(1, tooLong, List.of(), Optional.empty()))
        .hasMessageStartingWith("hash '");
  }

  @Test
  void sizesAreAtLeastOneWithCoreNotAboveMax() {
    assertThatThrownBy(() -> new PoolSizes(0, 4)).hasMessageContaining("core 0 is below 1");
    assertThatThrownBy(() -> new PoolSizes(5, 4)).hasMessageContaining("max 4 is below core 5");
    assertThat(new PoolSizes(4, 4)).hasToString("core 4, max 4");
  }

  @Test
  void aDesiredStateKeepsItsPoolsInCanonicalOrderAndEachOnce() {
    DesiredState state =
        new DesiredState(
            5,
            "h",
            List.of(new DesiredPool("b", 1, 2), new DesiredPool("a", 3, 4)),
            Optional.empty());

    assertThat(state.desired()).extracting(DesiredPool::pool).containsExactly("a", "b");
    assertThatThrownBy(
            () ->
                new DesiredState(
                    5,
                    "h",
                    List.of(new DesiredPool("a", 1, 2), new DesiredPool("a", 3, 4)),
                    Optional.empty()))
        .hasMessageContaining("'a' is desired twice");
  }

  @Test
  void aReportFindsItsPoolsAndResultsByName() {
    AgentReport report =
        new AgentReport(
            ORDERS,
            4,
            9,
            "h",
            List.of(pool("a"), pool("b")),
            List.of(new ApplyResult("b", false, 2, 4, "observe mode")));

    assertThat(report.pool("b")).contains(pool("b"));
    assertThat(report.pool("c")).isEmpty();
    assertThat(report.result("b").map(ApplyResult::reason)).contains("observe mode");
    assertThat(report.result("a")).isEmpty();
  }
}
