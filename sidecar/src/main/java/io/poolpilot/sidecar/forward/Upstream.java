package io.poolpilot.sidecar.forward;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where accepted OTLP goes next, as the settings {@code upstream.endpoint}, {@code
 * upstream.headers} and {@code upstream.buffer} give it.
 *
 * @param endpoint an OTLP/HTTP base URL such as {@code http://collector:4318}; the sidecar adds
 *     {@code /v1/metrics}, {@code /v1/traces} or {@code /v1/logs} to its path
 * @param headers sent with every forwarded request, for an upstream that wants a key or a tenant
 * @param bufferBytes the most payload bytes waiting to be forwarded; beyond it, the oldest go
 */
public record Upstream(URI endpoint, Map<String, String> headers, long bufferBytes) {

  public static final long DEFAULT_BUFFER_BYTES = 16L * 1024 * 1024;

  /** 64 KiB: a few exports of a small service. */
  public static final long MIN_BUFFER_BYTES = 64L * 1024;

  /** 1 GiB: beyond this a sidecar is no longer small. */
  public static final long MAX_BUFFER_BYTES = 1024L * 1024 * 1024;

  /** Headers the sidecar sets itself: the payload's own, or the connection's. */
  public static final Set<String> RESERVED_HEADERS =
      Set.of("content-type", "content-encoding", "content-length", "host", "transfer-encoding");

  public Upstream {
    requireEndpoint(endpoint);
    Objects.requireNonNull(headers, "headers");
    for (String name : headers.keySet()) {
      if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("header " + name + " is set by the sidecar");
      }
    }
    if (bufferBytes < MIN_BUFFER_BYTES || bufferBytes > MAX_BUFFER_BYTES) {
      throw new IllegalArgumentException(
          "buffer " + bufferBytes + " bytes outside " + MIN_BUFFER_BYTES + ".." + MAX_BUFFER_BYTES);
    }
    headers = Map.copyOf(new TreeMap<>(headers));
  }

  /**
   * Checks {@code endpoint} as the constructor does, for settings that read the endpoint before the
   * rest of the upstream.
   *
   * @return {@code endpoint}
   * @throws IllegalArgumentException unless an http(s) URL with a host and no query or fragment
   */
  public static URI requireEndpoint(URI endpoint) {
    Objects.requireNonNull(endpoint, "endpoint");
    String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme();
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("endpoint " + endpoint + " is not an http(s) URL");
    }
    if (endpoint.getHost() == null || endpoint.getHost().isEmpty()) {
      throw new IllegalArgumentException("endpoint " + endpoint + " has no host");
    }
    if (endpoint.getRawQuery() != null || endpoint.getRawFragment() != null) {
      throw new IllegalArgumentException("endpoint " + endpoint + " has a query or fragment");
    }
    return endpoint;
  }

  /** The URL a payload received on {@code path} ({@code /v1/metrics}) goes to. */
  public String target(String path) {
    String base = endpoint.toString();
    return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
  }

  /** The endpoint without user info, for messages. */
  public String describe() {
    return endpoint.getScheme()
        + "://"
        + endpoint.getHost()
        + (endpoint.getPort() < 0 ? "" : ":" + endpoint.getPort())
        + (endpoint.getRawPath() == null ? "" : endpoint.getRawPath());
  }

  @Override
  public String toString() {
    return "Upstream["
        + describe()
        + ", headers="
        + headers.keySet()
        + ", buffer="
        + bufferBytes
        + "]";
  }
}
