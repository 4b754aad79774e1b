package io.poolpilot.sidecar.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
    ListenerSettings settings =
        listeners("--control-poll-interval", "60s", "--instance-expiry", "3m");

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
    ListenerSettings settings =
        listeners("--data-dir", "/var/lib/poolpilot", "--token-file", "/run/token");

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

  @Test
  void readsAllowedHostsSeparatedByCommasInLowerCase() {
    assertThat(load("--allowed-hosts", "orders.shop.svc, Orders,,sidecar.local.").allowedHosts())
        .containsExactly("orders.shop.svc", "orders", "sidecar.local");
    assertThat(load("--allowed-hosts", "*").hostHeaderCheck().refusal("anything")).isEmpty();
    assertThat(
            new ListenerSettingsLoader(
                    SettingSources.read(
                        List.of(), Map.of("POOLPILOT_SIDECAR_ALLOWED_HOSTS", "orders")))
                .load()
                .allowedHosts())
        .containsExactly("orders");
  }

  @Test
  void anAllowedHostWithAPortOrASchemeIsAnError() {
    assertThatThrownBy(() -> load("--allowed-hosts", "orders:8480"))
        .hasMessage(
            "invalid allowed.hosts 'orders:8480' (from flag --allowed-hosts): expected host names"
                + " separated by commas (in YAML also a list), without scheme or port, such as"
                + " orders.shop.svc,orders; * allows any");
    assertThatThrownBy(() -> load("--allowed-hosts", "http://orders"))
        .hasMessageStartingWith("invalid allowed.hosts 'http://orders'");
  }

  @Test
  void aTokenGivenAsAFlagIsWarnedAboutOnceNamingTheAlternatives() {
    List<String> warnings = new ArrayList<>();

    ListenerSettings settings =
        new ListenerSettingsLoader(
                SettingSources.read(List.of("--token", "0123456789abcdef"), Map.of()))
            .load(warnings::add);

    assertThat(settings.token()).isPresent();
    assertThat(warnings)
        .containsExactly(
            "the token was given as the flag --token, which every user of this machine can read"
                + " in the process list (ps); give it as the environment variable"
                + " POOLPILOT_SIDECAR_TOKEN, or in a file named by token.file"
                + " (POOLPILOT_SIDECAR_TOKEN_FILE)");
  }

  @Test
  void aTokenFromTheEnvironmentOrATokenFileFlagIsNotWarnedAbout() {
    List<String> warnings = new ArrayList<>();

    new ListenerSettingsLoader(
            SettingSources.read(
                List.of("--token-file", "/run/poolpilot/token"),
                Map.of("POOLPILOT_SIDECAR_TOKEN", "0123456789abcdef")))
        .load(warnings::add);

    assertThat(warnings).isEmpty();
  }

  @Test
  void aBadValueKeepsWhatTheParserThrewAsItsCauseUnlessSecret() {
    assertThatThrownBy(() -> load("--otlp-port", "eighty"))
        .isInstanceOf(SidecarConfigException.class)
        .hasMessageStartingWith("invalid otlp.port 'eighty'")
        .cause()
        .isInstanceOf(NumberFormatException.class)
        .hasMessageContaining("eighty");
    assertThatThrownBy(() -> load("--token", "bad\ttoken"))
        .hasMessageStartingWith("invalid token '(secret, not shown)'")
        .hasNoCause();
  }

  private static ListenerSettings listeners(String... flags) {
    return new ListenerSettingsLoader(SettingSources.read(List.of(flags), Map.of())).load();
  }

  /** The settings completed with the default sections, as a whole configuration. */
  private static SidecarConfig load(String... flags) {
    SidecarConfig defaults = SidecarConfig.DEFAULTS;
    return listeners(flags)
        .complete(
            defaults.upstream(),
            defaults.traces(),
            defaults.history(),
            defaults.tuning(),
            defaults.capacity(),
            defaults.node());
  }
}
