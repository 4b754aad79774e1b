package io.poolpilot.sidecar.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListenerSettingsLoaderTest {

  @Test
  void nothingSetGivesTheDefaults() {
    assertThat(load()).isEqualTo(SidecarConfig.DEFAULTS);
  }

  @Test
  void acceptsPollIntervalsUpToOneMinute() {
    SidecarConfig settings = load("--control-poll-interval", "60s", "--instance-expiry", "3m");

    assertThat(settings.pollInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThatThrownBy(() -> load("--control-poll-interval", "61s", "--instance-expiry", "3m"))
        .hasMessageStartingWith("invalid control.poll-interval '61s'");
  }

  @Test
  void anExpiryNotAboveTheDefaultPollIntervalQuotesThatDefault() {
    assertThatThrownBy(() -> load("--instance-expiry", "1s"))
        .isInstanceOf(SidecarConfigException.class)
        .hasMessage(
            "instance.expiry 1s is not longer than control.poll-interval 1s: expected an expiry"
                + " of several poll intervals, so a live agent never expires");
  }

  @Test
  void aPollIntervalNotBelowTheDefaultExpiryQuotesThatDefault() {
    assertThatThrownBy(() -> load("--control-poll-interval", "1m", "--instance-expiry", "60s"))
        .hasMessageStartingWith("instance.expiry 60s is not longer than control.poll-interval 1m");
    assertThat(load("--control-poll-interval", "60s").instanceExpiry())
        .isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void readsTheDataDirectoryAndTokenFile() {
    SidecarConfig settings = load("--data-dir", "/var/lib/poolpilot", "--token-file", "/run/token");

    assertThat(settings.dataDir()).isEqualTo(Path.of("/var/lib/poolpilot"));
    assertThat(settings.tokenFile()).contains(Path.of("/run/token"));
  }

  @Test
  void aBindAddressWithSpacesOrAnEmptyDataDirectoryIsAnError() {
    assertThatThrownBy(() -> load("--bind", "my host"))
        .hasMessage(
            "invalid bind 'my host' (from flag --bind): expected a host name or IP address to"
                + " listen on, such as 127.0.0.1");
    assertThatThrownBy(() -> load("--data-dir=")).hasMessageStartingWith("invalid data.dir ''");
  }

  private static SidecarConfig load(String... flags) {
    return new ListenerSettingsLoader(SettingSources.read(List.of(flags), Map.of())).load();
  }
}
