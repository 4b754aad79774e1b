package io.poolpilot.sidecar.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.poolpilot.sidecar.forward.Upstream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UpstreamSettingsLoaderTest {

  @Test
  void acceptsBuffersFrom64KiBTo1GiB() {
    assertThat(bufferOf("64KiB")).isEqualTo(Upstream.MIN_BUFFER_BYTES);
    assertThat(bufferOf("1GiB")).isEqualTo(Upstream.MAX_BUFFER_BYTES);
    assertThat(bufferOf("65536")).isEqualTo(Upstream.MIN_BUFFER_BYTES);
    assertThatThrownBy(() -> bufferOf("65535"))
        .hasMessageStartingWith("invalid upstream.buffer '65535'");
    assertThatThrownBy(() -> bufferOf("1025MiB"))
        .hasMessageStartingWith("invalid upstream.buffer '1025MiB'");
  }

  @Test
  void headersWithoutAnEndpointAreAnError() {
    assertThatThrownBy(
            () -> load(List.of(), Map.of("POOLPILOT_SIDECAR_UPSTREAM_HEADERS", "api-key=k")))
        .isInstanceOf(SidecarConfigException.class)
        .hasMessage(
            "upstream.headers is set (from environment variable"
                + " POOLPILOT_SIDECAR_UPSTREAM_HEADERS) but upstream.endpoint is not: expected"
                + " upstream.endpoint too, or no upstream setting at all");
  }

  @Test
  void anEndpointWithAQueryIsAnError() {
    assertThatThrownBy(() -> load(List.of("--upstream-endpoint", "http://c:4318/?a=b"), Map.of()))
        .hasMessageStartingWith("invalid upstream.endpoint 'http://c:4318/?a=b'");
  }

  private static long bufferOf(String size) {
    return load(List.of("--upstream-endpoint=http://c:4318", "--upstream-buffer=" + size), Map.of())
        .orElseThrow()
        .bufferBytes();
  }

  private static Optional<Upstream> load(List<String> flags, Map<String, String> env) {
    return new UpstreamSettingsLoader(SettingSources.read(flags, env)).load();
  }
}
