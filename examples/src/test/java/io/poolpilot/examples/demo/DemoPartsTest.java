package io.poolpilot.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.poolpilot.examples.load.PhasedLoad.Phase;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoPartsTest {

  @Test
  void thePhasesFillTheDurationInTheirOrder() {
    for (int seconds : new int[] {20, 60, 61, 180, 999}) {
      List<Phase> phases =
          DemoPlan.phases(seconds, URI.create("http://a:1"), URI.create("http://b:2"));

      assertThat(phases)
          .extracting(Phase::name)
          .containsExactly("baseline", "steady", "surge", "mix", "after");
      assertThat(phases.stream().mapToLong(p -> p.duration().toSeconds()).sum()).isEqualTo(seconds);
      assertThat(phases.get(0).streams()).isEqualTo(phases.get(4).streams());
    }
  }

  @Test
  void onlyTheSidecarsCapacityRequestsCountAsRequests() {
    assertThat(
            SidecarApi.isCapacityRequest(
                new JsonObject().put("type", "capacity").put("phase", "request")))
        .isTrue();
    assertThat(
            SidecarApi.isCapacityRequest(
                new JsonObject().put("type", "capacity").put("phase", "suppressed")))
        .isFalse();
    assertThat(
            SidecarApi.isCapacityRequest(
                new JsonObject().put("type", "capacity").put("phase", "outcome")))
        .isFalse();
    assertThat(
            SidecarApi.isCapacityRequest(
                new JsonObject().put("type", "tune").put("capacity", "CPU")))
        .as("the tuner's signal, not a request")
        .isFalse();
    assertThat(SidecarApi.isCapacityRequest(new JsonObject().put("type", "pin"))).isFalse();
  }

  @Test
  void optionsTakeBothSpellingsAndRejectNonsense() {
    DemoMain.Options options =
        DemoMain.Options.parse(
            new String[] {"--duration", "60", "--api-port=8480", "--keep", "--agent-jar", "x.jar"});

    assertThat(options.durationSeconds()).isEqualTo(60);
    assertThat(options.apiPort()).isEqualTo(8480);
    assertThat(options.keep()).isTrue();
    assertThat(options.agentJar()).isEqualTo(Path.of("x.jar"));
    assertThat(options.nodeBudget()).isTrue();
    assertThat(DemoMain.Options.parse(new String[] {"--without-node-budget"}).nodeBudget())
        .isFalse();
    assertThat(DemoMain.Options.parse(new String[0]).durationSeconds()).isEqualTo(180);
    assertThatThrownBy(() -> DemoMain.Options.parse(new String[] {"--duration", "5"}))
        .hasMessage("--duration '5' must be a whole number from 20 to 86400");
    assertThatThrownBy(() -> DemoMain.Options.parse(new String[] {"--duration"}))
        .hasMessage("--duration needs a value");
    assertThatThrownBy(() -> DemoMain.Options.parse(new String[] {"--fast", "1"}))
        .hasMessage("unknown option --fast");
  }
}
