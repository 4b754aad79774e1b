package io.poolpilot.benchmarks.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/** Reads {@link OtlpSink}'s counts: one {@code path requests bytes} line per path. */
final class SinkStats {
  private SinkStats() {}

  static String fetch(int port) throws IOException {
    HttpURLConnection connection =
        (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/stats").openConnection();
    connection.setConnectTimeout(2_000);
    connection.setReadTimeout(10_000);
    try (InputStream in = connection.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      connection.disconnect();
    }
  }
}
