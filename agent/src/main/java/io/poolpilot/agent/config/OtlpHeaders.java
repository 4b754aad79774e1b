package io.poolpilot.agent.config;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Parses {@code OTEL_EXPORTER_OTLP_HEADERS} and its per-signal forms: {@code name=value} pairs
 * separated by commas, each value percent-encoded, as the OpenTelemetry specification gives them
 * (the W3C Baggage list format without properties).
 *
 * <p>Headers carry API keys and tokens, so nothing this class reports ever shows a value: a bad
 * entry is named by its position, and by its name only where the name is a valid header name.
 */
final class OtlpHeaders {
  /** An HTTP header name: RFC 9110's {@code token}. */
  private static final Pattern NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  /** Control characters would let a value end the header line and start another. */
  private static final Pattern UNSAFE_VALUE = Pattern.compile("[\\x00-\\x08\\x0A-\\x1F\\x7F]");

  private OtlpHeaders() {}

  /**
   * The headers in {@code value}, in the order given; a later pair with the same name wins.
   *
   * @param setting the property or variable the value came from, for the problems reported
   * @param problems where each entry skipped is reported, once
   */
  static Map<String, String> parse(String setting, String value, Consumer<String> problems) {
    Map<String, String> headers = new LinkedHashMap<>();
    String[] pairs = value.split(",");
    for (int i = 0; i < pairs.length; i++) {
      String pair = pairs[i];
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? "" : pair.substring(0, eq).trim();
      if (!NAME.matcher(name).matches()) {
        problems.accept(skipped(setting, i, "expected name=value with a valid header name"));
        continue;
      }
      String decoded;
      try {
        // Percent-decoding only: a '+' is a plus here, not a space as in a form.
        decoded =
            URLDecoder.decode(
                pair.substring(eq + 1).trim().replace("+", "%2B"), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        problems.accept(
            skipped(setting, i, "the value of '" + name + "' is not validly percent-encoded"));
        continue;
      }
      if (UNSAFE_VALUE.matcher(decoded).find()) {
        problems.accept(
            skipped(setting, i, "the value of '" + name + "' holds a control character"));
        continue;
      }
      headers.put(name, decoded);
    }
    return headers;
  }

  private static String skipped(String setting, int index, String why) {
    return "bad entry in "
        + setting
        + ": entry "
        + (index + 1)
        + " ("
        + why
        + "; the value is not shown, headers may hold secrets); skipping it";
  }
}
