package io.poolpilot.sidecar.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.sidecar.decision.TuningMode;
import io.poolpilot.sidecar.decision.TuningSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TuningSettingsLoaderTest {

  @Test
  void dropsBlankPoolNamesAndTheBlanksAroundNames() {
    TuningSettings tuning = load("--tuning-include", " orders-pool ,, mail-sender,");

    assertThat(tuning.include()).containsExactlyInAnyOrder("orders-pool", "mail-sender");
  }

  @Test
  void readsTheModeInAnyCase() {
    assertThat(load("--tuning-mode", "Recommend").mode()).isEqualTo(TuningMode.RECOMMEND);
  }

  @Test
  void anEmptyIncludeListAddsNoPoolsLikeTheDefault() {
    assertThat(load("--tuning-include=").include()).isEmpty();
    assertThat(load()).isEqualTo(TuningSettings.DEFAULTS);
  }

  private static TuningSettings load(String... flags) {
    return new TuningSettingsLoader(SettingSources.read(List.of(flags), Map.of())).load();
  }
}
