package io.poolpilot.sidecar.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.poolpilot.sidecar.auth.BearerToken;
import io.poolpilot.sidecar.decision.TuningMode;
import io.poolpilot.sidecar.decision.TuningSettings;
import io.poolpilot.sidecar.forward.Upstream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SidecarConfigTest {

  @TempDir Path dir;

  @Test
  void defaultsToLoopbackOnTheStandardPorts() {
    SidecarConfig config = SidecarConfig.load(List.of(), Map.of());

    assertThat(config).isEqualTo(SidecarConfig.DEFAULTS);
    assertThat(config.bind()).isEqualTo("127.0.0.1");
    assertThat(config.otlpPort()).isEqualTo(4318);
    assertThat(config.apiPort()).isEqualTo(8480);
    assertThat(config.dataDir()).isEqualTo(Path.of("poolpilot-data"));
    assertThat(config.effectiveTokenFile()).isEqualTo(Path.of("poolpilot-data", "sidecar-token"));
    assertThat(config.token()).isEmpty();
    assertThat(config.instanceExpiry()).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.pollInterval()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void flagsWinOverEnvironmentWhichWinsOverTheFile() throws IOException {
    Path file =
        write(
            """
            bind: 0.0.0.0
            otlp:
              port: 1111
            api.port: 2222
            console:
              interval: 2s
            """);

    SidecarConfig config =
        SidecarConfig.load(
            List.of("--config", file.toString(), "--otlp-port=3333", "--console"),
            Map.of("POOLPILOT_SIDECAR_OTLP_PORT", "4444", "POOLPILOT_SIDECAR_API_PORT", "5555"));

    assertThat(config)
        .isEqualTo(
            new SidecarConfig(
                "0.0.0.0",
                3333,
                5555,
                List.of(),
                true,
                Duration.ofSeconds(2),
                SidecarConfig.DEFAULTS.dataDir(),
                Optional.empty(),
                Optional.empty(),
                SidecarConfig.DEFAULTS.instanceExpiry(),
                SidecarConfig.DEFAULTS.pollInterval(),
                Optional.empty(),
                SidecarConfig.DEFAULTS.traces(),
                SidecarConfig.DEFAULTS.history(),
                SidecarConfig.DEFAULTS.tuning(),
                SidecarConfig.DEFAULTS.capacity(),
                SidecarConfig.DEFAULTS.node()));
  }

  @Test
  void readsTheControlAndJournalSettingsFromEverySource() throws IOException {
    Path file =
        write(
            """
            data:
              dir: /var/lib/poolpilot
            instance.expiry: 30s
            """);

    SidecarConfig config =
        SidecarConfig.load(
            List.of("--config", file.toString(), "--control-poll-interval", "2s"),
            Map.of(
                "POOLPILOT_SIDECAR_TOKEN", "s3cret-token",
                "POOLPILOT_SIDECAR_TOKEN_FILE", "/run/poolpilot/token"));

    assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/poolpilot"));
    assertThat(config.instanceExpiry()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.pollInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.token()).contains(new BearerToken("s3cret-token"));
    assertThat(config.effectiveTokenFile()).isEqualTo(Path.of("/run/poolpilot/token"));
    assertThat(config.toString()).doesNotContain("s3cret-token");
  }

  @Test
  void readsAllowedHostsAsAYamlListAndPassesThemToTheHostCheck() throws IOException {
    Path file =
        write(
            """
            bind: 0.0.0.0
            allowed:
              hosts: [orders.shop.svc, orders]
            """);

    SidecarConfig config = SidecarConfig.load(List.of("--config", file.toString()), Map.of());

    assertThat(config.allowedHosts()).containsExactly("orders.shop.svc", "orders");
    assertThat(config.hostHeaderCheck().refusal("orders:8480")).isEmpty();
    assertThat(config.hostHeaderCheck().refusal("0.0.0.0:8480")).isEmpty();
    assertThat(config.hostHeaderCheck().refusal("evil.example")).isPresent();
  }

  @Test
  void aBadTokenIsRefusedWithoutRepeatingIt() {
    assertThatThrownBy(
            () -> SidecarConfig.load(List.of(), Map.of("POOLPILOT_SIDECAR_TOKEN", "two words")))
        .isInstanceOf(SidecarConfigException.class)
        .hasMessageContaining("invalid token '(secret, not shown)'")
        .hasMessageNotContaining("two words");
  }

  @Test
  void aPollIntervalOutsideOneToSixtySecondsOrAnExpiryNotAboveItIsAnError() {
    assertThatThrownBy(
            () -> SidecarConfig.load(List.of("--control-poll-interval", "500ms"), Map.of()))
        .hasMessageContaining("invalid control.poll-interval '500ms'")
        .hasMessageContaining("expected a duration from 1s to 60s");
    assertThatThrownBy(
            () ->
                SidecarConfig.load(
                    List.of("--control-poll-interval", "5s", "--instance-expiry", "5s"), Map.of()))
        .hasMessageStartingWith("instance.expiry 5s is not longer than control.poll-interval 5s");
  }

  @Test
  void readsTheConfigFileNamedInTheEnvironment() throws IOException {
    Path file = write("console: true\n");

    SidecarConfig config =
        SidecarConfig.load(List.of(), Map.of("POOLPILOT_SIDECAR_CONFIG", file.toString()));

    assertThat(config.console()).isTrue();
  }

  @Test
  void acceptsPortZeroForAnyFreePortAndDurationsInSeveralUnits() {
    SidecarConfig config =
        SidecarConfig.load(
            List.of("--otlp-port", "0", "--api-port", "0", "--console-interval", "1500ms"),
            Map.of());

    assertThat(config.otlpPort()).isZero();
    assertThat(config.apiPort()).isZero();
    assertThat(config.consoleInterval()).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void aBadValueNamesTheSettingTheValueItsSourceAndTheExpectation() {
    assertThatThrownBy(
            () -> SidecarConfig.load(List.of(), Map.of("POOLPILOT_SIDECAR_OTLP_PORT", "43x8")))
        .isInstanceOf(SidecarConfigException.class)
        .hasMessage(
            "invalid otlp.port '43x8' (from environment variable POOLPILOT_SIDECAR_OTLP_PORT):"
                + " expected a port number from 0 to 65535 (0 picks a free port)");
    assertThatThrownBy(() -> SidecarConfig.load(List.of("--api-port", "70000"), Map.of()))
        .hasMessageContaining("invalid api.port '70000' (from flag --api-port)");
    assertThatThrownBy(() -> SidecarConfig.load(List.of("--console=maybe"), Map.of()))
        .hasMessageContaining(
            "invalid console 'maybe' (from flag --console): expected true or false");
    assertThatThrownBy(() -> SidecarConfig.load(List.of("--console-interval", "0s"), Map.of()))
        .hasMessageContaining("expected a positive duration");
  }

  @Test
  void aBadValueInTheFileNamesTheFile() throws IOException {
    Path file = write("otlp:\n  port: [1, 2]\n");

    assertThatThrownBy(() -> SidecarConfig.load(List.of("--config", file.toString()), Map.of()))
        .hasMessageContaining("otlp.port in config file '" + file + "' is list");
  }

  @Test
  void unknownSettingsAreErrorsNotSilentlyIgnored() throws IOException {
    Path file = write("otlp:\n  prot: 4318\n");

    assertThatThrownBy(() -> SidecarConfig.load(List.of("--config", file.toString()), Map.of()))
        .hasMessageContaining("unknown setting 'otlp.prot'");
    assertThatThrownBy(() -> SidecarConfig.load(List.of("--otlp-prot", "1"), Map.of()))
        .hasMessageStartingWith("unknown flag --otlp-prot; known flags: --bind, --otlp-port");
    assertThatThrownBy(
            () -> SidecarConfig.load(List.of(), Map.of("POOLPILOT_SIDECAR_OTLP_PROT", "1")))
        .hasMessageStartingWith("unknown environment variable POOLPILOT_SIDECAR_OTLP_PROT");
    assertThatThrownBy(() -> SidecarConfig.load(List.of("4318"), Map.of()))
        .hasMessageContaining("unexpected argument '4318'");
  }

  @Test
  void unreadableOrMalformedFilesFailWithTheirPath() throws IOException {
    Path missing = dir.resolve("missing.yaml");
    Path broken = write("otlp: [port\n");

    assertThatThrownBy(() -> SidecarConfig.load(List.of("--config", missing.toString()), Map.of()))
        .hasMessageContaining("cannot read config file '" + missing + "' (from flag --config)");
    assertThatThrownBy(() -> SidecarConfig.load(List.of("--config", broken.toString()), Map.of()))
        .hasMessageContaining("config file '" + broken + "' is not valid YAML");
  }

  @Test
  void aFlagWithoutItsValueIsAnError() {
    assertThatThrownBy(() -> SidecarConfig.load(List.of("--api-port"), Map.of()))
        .hasMessage("flag --api-port needs a value");
    assertThatThrownBy(() -> SidecarConfig.load(List.of("--bind", "--console"), Map.of()))
        .hasMessage("flag --bind needs a value");
  }

  @Test
  void bothListenersOnOnePortIsAnError() {
    assertThatThrownBy(
            () ->
                SidecarConfig.load(List.of("--otlp-port", "9000", "--api-port", "9000"), Map.of()))
        .hasMessage("otlp.port and api.port are both 9000: expected two different ports");
  }

  @Test
  void readsTheUpstreamFromEverySource() throws IOException {
    Path file =
        write(
            """
            upstream:
              endpoint: https://otlp.example:4318/tenant-a
              headers:
                api-key: "k+y/=="
                X-Scope-OrgID: team a
            """);

    SidecarConfig fromFile = SidecarConfig.load(List.of("--config", file.toString()), Map.of());
    SidecarConfig fromFlagsAndEnv =
        SidecarConfig.load(
            List.of("--upstream-endpoint", "http://collector:4318", "--upstream-buffer", "2MiB"),
            Map.of("POOLPILOT_SIDECAR_UPSTREAM_HEADERS", "api-key=k+y%2F%3D%3D,x-tenant=a"));

    Upstream upstream = fromFile.upstream().orElseThrow();
    assertThat(upstream.endpoint()).isEqualTo(URI.create("https://otlp.example:4318/tenant-a"));
    assertThat(upstream.target("/v1/traces"))
        .isEqualTo("https://otlp.example:4318/tenant-a/v1/traces");
    assertThat(upstream.headers())
        .containsEntry("api-key", "k+y/==")
        .containsEntry("X-Scope-OrgID", "team a");
    assertThat(upstream.bufferBytes()).isEqualTo(16L * 1024 * 1024);
    Upstream other = fromFlagsAndEnv.upstream().orElseThrow();
    assertThat(other.target("/v1/metrics")).isEqualTo("http://collector:4318/v1/metrics");
    assertThat(other.headers()).containsEntry("api-key", "k+y/==").containsEntry("x-tenant", "a");
    assertThat(other.bufferBytes()).isEqualTo(2L * 1024 * 1024);
    assertThat(other.toString()).doesNotContain("k+y");
    assertThat(SidecarConfig.load(List.of(), Map.of()).upstream()).isEmpty();
  }

  @Test
  void aBadUpstreamSettingSaysWhatWasExpected() {
    assertThatThrownBy(
            () -> SidecarConfig.load(List.of("--upstream-endpoint", "ftp://collector"), Map.of()))
        .hasMessage(
            "invalid upstream.endpoint 'ftp://collector' (from flag --upstream-endpoint): expected"
                + " an OTLP/HTTP base URL such as http://collector:4318 (the sidecar adds"
                + " /v1/metrics, /v1/traces or /v1/logs), without query or fragment");
    assertThatThrownBy(
            () ->
                SidecarConfig.load(
                    List.of("--upstream-endpoint", "http://c:4318", "--upstream-buffer", "1KiB"),
                    Map.of()))
        .hasMessageContaining("invalid upstream.buffer '1KiB'")
        .hasMessageContaining("expected a size from 64KiB to 1GiB");
    assertThatThrownBy(
            () ->
                SidecarConfig.load(
                    List.of("--upstream-endpoint", "http://c:4318"),
                    Map.of(
                        "POOLPILOT_SIDECAR_UPSTREAM_HEADERS",
                        "Content-Type=text/plain,key=s3cr3t")))
        .hasMessageContaining("invalid upstream.headers '(secret, not shown)'")
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void upstreamSettingsWithoutAnEndpointAreAnError() {
    assertThatThrownBy(() -> SidecarConfig.load(List.of("--upstream-buffer", "1MiB"), Map.of()))
        .hasMessage(
            "upstream.buffer is set (from flag --upstream-buffer) but upstream.endpoint is not:"
                + " expected upstream.endpoint too, or no upstream setting at all");
  }

  @Test
  void readsTheTuningModeAndIncludedPools() throws IOException {
    Path file =
        write(
            """
            tuning:
              mode: recommend
              include: batch-pool, mail-sender
            """);

    SidecarConfig fromFile = SidecarConfig.load(List.of("--config", file.toString()), Map.of());
    SidecarConfig fromEnv =
        SidecarConfig.load(List.of(), Map.of("POOLPILOT_SIDECAR_TUNING_MODE", "off"));

    assertThat(fromFile.tuning().mode()).isEqualTo(TuningMode.RECOMMEND);
    assertThat(fromFile.tuning().include()).containsExactlyInAnyOrder("batch-pool", "mail-sender");
    assertThat(fromEnv.tuning().mode()).isEqualTo(TuningMode.OFF);
    assertThat(SidecarConfig.load(List.of(), Map.of()).tuning()).isEqualTo(TuningSettings.DEFAULTS);
    assertThatThrownBy(() -> SidecarConfig.load(List.of("--tuning-mode", "fast"), Map.of()))
        .hasMessage(
            "invalid tuning.mode 'fast' (from flag --tuning-mode): expected auto, recommend or off");
  }

  @Test
  void readsIncludedPoolsGivenAsAYamlList() throws IOException {
    Path file =
        write(
            """
            tuning: {include: ["hog-*", " batch-pool "]}
            """);

    SidecarConfig config = SidecarConfig.load(List.of("--config", file.toString()), Map.of());

    assertThat(config.tuning().include()).containsExactlyInAnyOrder("hog-*", "batch-pool");
    assertThat(
            SidecarConfig.load(List.of("--tuning-include", "hog-*,batch-pool"), Map.of())
                .tuning()
                .include())
        .containsExactlyInAnyOrder("hog-*", "batch-pool");
  }

  @Test
  void everySettingDeclaredAListTakesOneFromYaml() throws IOException {
    Path file =
        write(
            """
            allowed.hosts: [orders, orders.shop.svc]
            tuning.include: [orders-pool]
            capacity:
              providers: [exec]
              exec.command: [scale, "{service} x", "{replicas}"]
            """);

    SidecarConfig config = SidecarConfig.load(List.of("--config", file.toString()), Map.of());

    assertThat(config.allowedHosts()).containsExactly("orders", "orders.shop.svc");
    assertThat(config.tuning().include()).containsExactly("orders-pool");
    assertThat(config.capacity().providers()).containsExactly("exec");
    assertThat(config.capacity().exec().orElseThrow().command())
        .containsExactly("scale", "{service} x", "{replicas}");
  }

  private Path write(String yaml) throws IOException {
    return Files.writeString(Files.createTempFile(dir, "sidecar", ".yaml"), yaml);
  }
}
