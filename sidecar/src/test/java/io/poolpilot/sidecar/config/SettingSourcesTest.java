package io.poolpilot.sidecar.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingSourcesTest {

  @TempDir Path dir;

  @Test
  void remembersWhichSourceEachValueCameFrom() throws IOException {
    Path file = write("bind: 0.0.0.0\notlp.port: 1111\napi.port: 2222\n");

    RawSettings raw =
        SettingSources.read(
            List.of("--config=" + file, "--api-port=3333"),
            Map.of("POOLPILOT_SIDECAR_OTLP_PORT", "4444"));

    assertThat(raw.get(Setting.BIND))
        .contains(new RawValue("0.0.0.0", "config file '" + file + "'"));
    assertThat(raw.get(Setting.OTLP_PORT))
        .contains(new RawValue("4444", "environment variable POOLPILOT_SIDECAR_OTLP_PORT"));
    assertThat(raw.get(Setting.API_PORT)).contains(new RawValue("3333", "flag --api-port"));
    assertThat(raw.get(Setting.CONSOLE)).isEmpty();
  }

  @Test
  void theLastOfARepeatedFlagWins() {
    RawSettings raw = SettingSources.read(List.of("--bind", "a", "--bind=b"), Map.of());

    assertThat(raw.get(Setting.BIND)).map(RawValue::value).contains("b");
  }

  @Test
  void aBareConsoleFlagMeansTrueButTheOtherFlagsNeedAValue() {
    RawSettings raw = SettingSources.read(List.of("--console", "--bind", "h"), Map.of());

    assertThat(raw.get(Setting.CONSOLE)).map(RawValue::value).contains("true");
    assertThat(raw.get(Setting.BIND)).map(RawValue::value).contains("h");
  }

  @Test
  void ignoresEnvironmentVariablesOutsideItsPrefix() {
    RawSettings raw =
        SettingSources.read(List.of(), Map.of("PATH", "/bin", "POOLPILOT_AGENT_X", "1"));

    for (Setting setting : Setting.values()) {
      assertThat(raw.get(setting)).as(setting.key()).isEmpty();
    }
  }

  @Test
  void keepsAYamlListWholeForSettingsThatTakeOne() throws IOException {
    Path file = write("capacity:\n  exec:\n    command: [\"run it\", 3]\n");

    RawSettings raw = SettingSources.read(List.of("--config", file.toString()), Map.of());

    assertThat(raw.get(Setting.CAPACITY_EXEC_COMMAND))
        .contains(new RawValue("run it 3", "config file '" + file + "'", List.of("run it", "3")));
  }

  @Test
  void turnsAYamlMappingOfHeadersIntoTheFlagSpelling() throws IOException {
    Path file = write("upstream:\n  headers:\n    x-scope-orgid: team a,b\n");

    RawSettings raw = SettingSources.read(List.of("--config", file.toString()), Map.of());

    assertThat(raw.get(Setting.UPSTREAM_HEADERS))
        .map(RawValue::value)
        .contains("x-scope-orgid=team%20a%2Cb");
  }

  @Test
  void anEmptyFileSetsNothingButAnEmptyValueIsAnError() throws IOException {
    Path empty = write("");
    Path emptyValue = write("data:\n  dir:\n");

    RawSettings raw = SettingSources.read(List.of("--config", empty.toString()), Map.of());

    assertThat(raw.get(Setting.DATA_DIR)).isEmpty();
    assertThatThrownBy(
            () -> SettingSources.read(List.of("--config", emptyValue.toString()), Map.of()))
        .isInstanceOf(SidecarConfigException.class)
        .hasMessage(
            "data.dir in config file '"
                + emptyValue
                + "' is empty: expected a directory the sidecar may create and write its journal"
                + " in");
  }

  @Test
  void aFileThatIsNotAMappingIsAnError() throws IOException {
    Path file = write("- bind\n- otlp.port\n");

    assertThatThrownBy(() -> SettingSources.read(List.of("--config", file.toString()), Map.of()))
        .hasMessage("config file '" + file + "' holds a list, expected a mapping of settings");
  }

  @Test
  void theConfigFlagWinsOverTheConfigVariable() throws IOException {
    Path fromFlag = write("bind: flag-host\n");
    Path fromEnv = write("bind: env-host\n");

    RawSettings raw =
        SettingSources.read(
            List.of("--config", fromFlag.toString()),
            Map.of("POOLPILOT_SIDECAR_CONFIG", fromEnv.toString()));

    assertThat(raw.get(Setting.BIND)).map(RawValue::value).contains("flag-host");
  }

  private Path write(String yaml) throws IOException {
    return Files.writeString(Files.createTempFile(dir, "sidecar", ".yaml"), yaml);
  }
}
