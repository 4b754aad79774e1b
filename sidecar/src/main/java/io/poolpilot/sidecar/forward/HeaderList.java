package io.poolpilot.sidecar.forward;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The text form of {@code upstream.headers}: {@code name=value,name=value}, values percent-encoded,
 * as {@code OTEL_EXPORTER_OTLP_HEADERS} writes them, so a value may hold a comma ({@code %2C}) and
 * an API key with {@code +} or {@code /} needs no escaping. A {@code +} stays a plus: this is not
 * form encoding.
 */
public final class HeaderList {

  /** An HTTP token (RFC 9110), which is what a header name is. */
  private static final Pattern NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  private HeaderList() {}

  /**
   * Reads the text form.
   *
   * @throws IllegalArgumentException for a pair without {@code =}, a name that is not an HTTP token
   *     or is one of {@link Upstream#RESERVED_HEADERS}, or a broken {@code %} escape
   */
  public static Map<String, String> parse(String text) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (text.isEmpty()) {
      return headers;
    }
    for (String pair : text.split(",", -1)) {
      int equals = pair.indexOf('=');
      if (equals <= 0) {
        throw new IllegalArgumentException("no name=value in '" + pair + "'");
      }
      String name = pair.substring(0, equals).trim();
      if (!NAME.matcher(name).matches()
          || Upstream.RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("header name '" + name + "' cannot be used");
      }
      headers.put(name, percentDecode(pair.substring(equals + 1).trim()));
    }
    return headers;
  }

  /** The text form of a mapping, such as the YAML file's {@code upstream.headers}. */
  public static String format(Map<?, ?> headers) {
    return headers.entrySet().stream()
        .map(e -> e.getKey() + "=" + percentEncode(String.valueOf(e.getValue())))
        .collect(Collectors.joining(","));
  }

  private static String percentDecode(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] != '%') {
        out.write(bytes[i]);
        continue;
      }
      if (i + 2 >= bytes.length) {
        throw new IllegalArgumentException("a % escape is cut short");
      }
      out.write(Integer.parseInt(new String(bytes, i + 1, 2, StandardCharsets.US_ASCII), 16));
      i += 2;
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String percentEncode(String text) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c > 0x20 && c < 0x7f && c != '%' && c != ',' && c != '=') {
        out.append((char) c);
      } else {
        out.append(String.format("%%%02X", c));
      }
    }
    return out.toString();
  }
}
