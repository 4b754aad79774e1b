package io.poolpilot.sidecar.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.poolpilot.sidecar.model.HistorySettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistorySettingsLoaderTest {

  @Test
  void withoutTheSettingPoolsKeepTwoMinutesAtFullResolution() {
    assertThat(load(List.of(), Map.of()).fullResolution()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void readsTheFullResolutionWindowFromAFlagOrAVariable() {
    assertThat(load(List.of("--history-full-resolution", "30s"), Map.of()).fullResolution())
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(
            load(List.of(), Map.of("POOLPILOT_SIDECAR_HISTORY_FULL_RESOLUTION", "1m"))
                .fullResolution())
        .isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void aWindowOutside10sTo2mIsAnErrorNamingTheKeyTheValueAndTheRange() {
    assertThat(load(List.of("--history-full-resolution=10s"), Map.of()).fullResolution())
        .isEqualTo(Duration.ofSeconds(10));
    assertThatThrownBy(() -> load(List.of("--history-full-resolution=9s"), Map.of()))
        .isInstanceOf(SidecarConfigException.class)
        .hasMessageStartingWith("invalid history.full-resolution '9s'")
        .hasMessageContaining("a duration from 10s to 2m");
    assertThatThrownBy(() -> load(List.of("--history-full-resolution=3m"), Map.of()))
        .hasMessageStartingWith("invalid history.full-resolution '3m'");
    assertThatThrownBy(() -> load(List.of("--history-full-resolution=soon"), Map.of()))
        .hasMessageStartingWith("invalid history.full-resolution 'soon'");
  }

  @Test
  void theLoadedConfigCarriesTheHistorySettings() {
    SidecarConfig config =
        SidecarConfig.load(List.of("--history-full-resolution", "20s"), Map.of());

    assertThat(config.history()).isEqualTo(new HistorySettings(Duration.ofSeconds(20)));
  }

  private static HistorySettings load(List<String> flags, Map<String, String> env) {
    return new HistorySettingsLoader(SettingSources.read(flags, env)).load();
  }
}
