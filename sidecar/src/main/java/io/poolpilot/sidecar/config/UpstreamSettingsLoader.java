package io.poolpilot.sidecar.config;

import io.poolpilot.sidecar.forward.HeaderList;
import io.poolpilot.sidecar.forward.Upstream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads the {@code upstream.*} settings. Headers or a buffer size without an endpoint are an error
 * rather than ignored: they mean the operator expected forwarding that would not happen.
 */
final class UpstreamSettingsLoader {

  private final RawSettings raw;

  UpstreamSettingsLoader(RawSettings raw) {
    this.raw = raw;
  }

  /** The upstream, or empty when nothing is to be forwarded. */
  Optional<Upstream> load() {
    Optional<URI> endpoint =
        raw.parseOptional(Setting.UPSTREAM_ENDPOINT, UpstreamSettingsLoader::endpoint);
    Map<String, String> headers = raw.parse(Setting.UPSTREAM_HEADERS, Map.of(), HeaderList::parse);
    long buffer =
        raw.parse(
            Setting.UPSTREAM_BUFFER, Upstream.DEFAULT_BUFFER_BYTES, UpstreamSettingsLoader::buffer);
    if (endpoint.isEmpty()) {
      for (Setting setting : List.of(Setting.UPSTREAM_HEADERS, Setting.UPSTREAM_BUFFER)) {
        Optional<RawValue> given = raw.get(setting);
        if (given.isPresent()) {
          throw new SidecarConfigException(
              setting.key()
                  + " is set (from "
                  + given.get().source()
                  + ") but "
                  + Setting.UPSTREAM_ENDPOINT.key()
                  + " is not: expected "
                  + Setting.UPSTREAM_ENDPOINT.key()
                  + " too, or no upstream setting at all");
        }
      }
      return Optional.empty();
    }
    return Optional.of(new Upstream(endpoint.get(), headers, buffer));
  }

  /** A URI that {@link Upstream} accepts as its endpoint, by its own rules. */
  private static URI endpoint(String value) {
    try {
      return Upstream.requireEndpoint(new URI(value));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(value, e);
    }
  }

  private static long buffer(String value) {
    long bytes = ValueParsers.bytes(value);
    if (bytes < Upstream.MIN_BUFFER_BYTES || bytes > Upstream.MAX_BUFFER_BYTES) {
      throw new IllegalArgumentException(value);
    }
    return bytes;
  }
}
