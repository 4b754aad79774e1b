package io.poolpilot.sidecar.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

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

  @Test
  void readsTheRequestFloorAndPerPoolFloors() {
    TuningSettings tuning =
        load("--tuning-request-floor", "3", "--tuning-floors", "http-nio-8080-exec-*=4, batch=1,");

    assertThat(tuning.requestFloor()).isEqualTo(3);
    assertThat(tuning.floors()).containsOnly(entry("http-nio-8080-exec-*", 4), entry("batch", 1));
    assertThat(tuning.floorOf("batch", true)).isEqualTo(1);
    assertThat(tuning.floorOf("other", true)).isEqualTo(3);
    assertThat(tuning.floorOf("other", false)).isEqualTo(1);
  }

  @Test
  void aRequestPoolsFloorIsTwoByDefault() {
    assertThat(load().floorOf("http-nio-8080-exec-*", true)).isEqualTo(2);
  }

  @Test
  void rejectsAFloorBelowOneOrAPoolNamedTwice() {
    assertThatThrownBy(() -> load("--tuning-floors", "api=0"))
        .isInstanceOf(SidecarConfigException.class)
        .hasMessageContaining("tuning.floors")
        .hasMessageContaining("api=0");
    assertThatThrownBy(() -> load("--tuning-floors", "api=2,api=3"))
        .isInstanceOf(SidecarConfigException.class);
    assertThatThrownBy(() -> load("--tuning-request-floor", "0"))
        .isInstanceOf(SidecarConfigException.class)
        .hasMessageContaining("tuning.request-floor");
  }

  private static TuningSettings load(String... flags) {
    return new TuningSettingsLoader(SettingSources.read(List.of(flags), Map.of())).load();
  }
}
