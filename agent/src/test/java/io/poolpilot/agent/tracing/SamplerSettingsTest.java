package io.poolpilot.agent.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SamplerSettingsTest {
  @Test
  void defaultIsParentBasedAlwaysOn() {
    assertThat(SamplerSettings.from(Map.<String, String>of()::get).getDescription())
        .startsWith("ParentBased{root:AlwaysOnSampler");
  }

  @Test
  void namesAndRatiosFromTheEnvironment() {
    assertThat(describe("always_off", null)).isEqualTo("AlwaysOffSampler");
    assertThat(describe("ALWAYS_ON", null)).isEqualTo("AlwaysOnSampler");
    assertThat(describe("traceidratio", "0.25")).startsWith("TraceIdRatioBased{0.25");
    assertThat(describe("parentbased_traceidratio", "0.5"))
        .startsWith("ParentBased{root:TraceIdRatioBased{0.5");
    assertThat(describe("parentbased_always_off", null))
        .startsWith("ParentBased{root:AlwaysOffSampler");
    assertThat(describe("traceidratio", null)).as("ratio defaults to 1").contains("1.0");
  }

  @Test
  void badValuesAreNamedWithWhatIsAllowed() {
    assertThatThrownBy(() -> describe("sometimes", null))
        .hasMessageContaining("OTEL_TRACES_SAMPLER=sometimes")
        .hasMessageContaining("parentbased_always_on");
    assertThatThrownBy(() -> describe("traceidratio", "1.5"))
        .hasMessageContaining("OTEL_TRACES_SAMPLER_ARG=1.5")
        .hasMessageContaining("0 to 1");
    assertThatThrownBy(() -> describe("traceidratio", "half"))
        .hasMessageContaining("OTEL_TRACES_SAMPLER_ARG=half");
  }

  private static String describe(String sampler, String arg) {
    Map<String, String> env = new java.util.HashMap<>();
    env.put("OTEL_TRACES_SAMPLER", sampler);
    if (arg != null) {
      env.put("OTEL_TRACES_SAMPLER_ARG", arg);
    }
    return SamplerSettings.from(env::get).getDescription();
  }
}
