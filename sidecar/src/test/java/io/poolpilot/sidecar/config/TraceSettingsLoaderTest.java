package io.poolpilot.sidecar.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.poolpilot.sidecar.model.TraceSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceSettingsLoaderTest {

  @Test
  void withoutSettingsTheTraceViewKeepsTheDefaults() {
    assertThat(load(List.of(), Map.of())).isEqualTo(TraceSettings.DEFAULTS);
  }

  @Test
  void readsTheBufferAndTheRateFromFlagsAndVariables() {
    TraceSettings settings =
        load(
            List.of("--traces-buffer", "2MiB"),
            Map.of("POOLPILOT_SIDECAR_TRACES_PER_SECOND", "250"));

    assertThat(settings).isEqualTo(new TraceSettings(2L * 1024 * 1024, 250));
  }

  @Test
  void aBufferOutside64KiBTo1GiBIsAnErrorNamingTheKeyAndTheValue() {
    assertThat(load(List.of("--traces-buffer=64KiB"), Map.of()).maxBytes()).isEqualTo(65_536);
    assertThatThrownBy(() -> load(List.of("--traces-buffer=65535"), Map.of()))
        .isInstanceOf(SidecarConfigException.class)
        .hasMessageStartingWith("invalid traces.buffer '65535'")
        .hasMessageContaining("a size from 64KiB to 1GiB");
    assertThatThrownBy(() -> load(List.of("--traces-buffer=2GiB"), Map.of()))
        .hasMessageStartingWith("invalid traces.buffer '2GiB'");
  }

  @Test
  void aRateBelowOneOrNotAWholeNumberIsAnError() {
    assertThatThrownBy(() -> load(List.of("--traces-per-second=0"), Map.of()))
        .isInstanceOf(SidecarConfigException.class)
        .hasMessageStartingWith("invalid traces.per-second '0'")
        .hasMessageContaining("a whole number from 1");
    assertThatThrownBy(() -> load(List.of("--traces-per-second=many"), Map.of()))
        .hasMessageStartingWith("invalid traces.per-second 'many'");
  }

  @Test
  void theLoadedConfigCarriesTheTraceSettings() {
    SidecarConfig config = SidecarConfig.load(List.of("--traces-per-second", "20"), Map.of());

    assertThat(config.traces().spansPerSecond()).isEqualTo(20);
  }

  private static TraceSettings load(List<String> flags, Map<String, String> env) {
    return new TraceSettingsLoader(SettingSources.read(flags, env)).load();
  }
}
