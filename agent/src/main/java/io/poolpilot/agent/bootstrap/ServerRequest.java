package io.poolpilot.agent.bootstrap;

import java.util.List;
import java.util.Map;

/**
 * What advice in a server framework learned about one incoming request, in JDK types only, so the
 * same tracing code serves every framework. Advice fills the fields it knows and leaves the others
 * null (or -1 for the port); {@link #route} may be set later, once the framework has matched a
 * route template, and must never be the raw path.
 */
public final class ServerRequest {
  public String method;
  public String scheme;

  /** Path without the query string. */
  public String path;

  public String serverAddress;
  public int serverPort = -1;
  public String clientAddress;
  public String userAgent;

  /** W3C trace context headers of the request, or null. */
  public String traceparent;

  public String tracestate;

  /**
   * Sets {@link #serverAddress} and, where it names one, {@link #serverPort} from a {@code Host}
   * header ({@code example.com:8080}, {@code [::1]:8080}); null is ignored.
   */
  public void host(String header) {
    if (header == null || header.isEmpty()) {
      return;
    }
    int colon = header.lastIndexOf(':');
    int bracket = header.lastIndexOf(']');
    if (colon > bracket && colon > 0) {
      serverAddress = header.substring(0, colon);
      try {
        serverPort = Integer.parseInt(header.substring(colon + 1));
      } catch (NumberFormatException e) {
        // a malformed port: keep the address only
      }
    } else {
      serverAddress = header;
    }
  }

  /**
   * Reads {@code Host}, {@code User-Agent}, {@code traceparent} and {@code tracestate} from a
   * header map whose keys may be in any case (the JDK HttpServer's {@code Headers}, say), in one
   * pass: a look-up per header would copy and re-case its name four times per request. The first
   * value of each counts, as with {@code getFirst}.
   */
  public void headers(Map<String, List<String>> headers) {
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      String name = header.getKey();
      if (name == null) {
        continue;
      }
      switch (name.length()) {
        case 4:
          if (name.equalsIgnoreCase("Host")) {
            host(first(header.getValue()));
          }
          break;
        case 10:
          if (name.equalsIgnoreCase("User-Agent")) {
            userAgent = first(header.getValue());
          } else if (name.equalsIgnoreCase("tracestate")) {
            tracestate = first(header.getValue());
          }
          break;
        case 11:
          if (name.equalsIgnoreCase("traceparent")) {
            traceparent = first(header.getValue());
          }
          break;
        default:
          break;
      }
    }
  }

  private static String first(List<String> values) {
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** Route template (framework syntax, such as {@code /owners/{id}} or {@code /owners/:id}). */
  public volatile String route;
}
