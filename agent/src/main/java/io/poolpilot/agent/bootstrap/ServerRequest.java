package io.poolpilot.agent.bootstrap;

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

  /** Route template (framework syntax, such as {@code /owners/{id}} or {@code /owners/:id}). */
  public volatile String route;
}
