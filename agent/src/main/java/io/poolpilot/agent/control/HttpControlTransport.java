package io.poolpilot.agent.control;

import io.poolpilot.agent.transport.HttpPost;
import io.poolpilot.agent.transport.SidecarCredentials;
import io.poolpilot.protocol.control.ControlProtocol;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/poolpilot/control} as one {@link HttpPost} on the control thread, bounded in time
 * and size as a whole exchange: a server that sends its headers and then stalls the body must not
 * block every later poll, and with them the expiry that gives pools their sizes back.
 */
final class HttpControlTransport implements ControlTransport {
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final HttpPost post;
  private final URI uri;
  private final Map<String, List<String>> headers = new HashMap<>();

  HttpControlTransport(URI uri, SidecarCredentials credentials) {
    try {
      this.post = HttpPost.direct(uri.toURL(), TIMEOUT, ControlProtocol.MAX_BODY_BYTES);
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("not an HTTP endpoint: " + uri, e);
    }
    this.uri = uri;
    headers.put("Content-Type", List.of(ControlProtocol.CONTENT_TYPE));
    credentials.headers().forEach((name, value) -> headers.put(name, List.of(value)));
  }

  @Override
  public byte[] exchange(byte[] agentMessage) throws IOException {
    HttpPost.Answer answer = post.send(headers, agentMessage, agentMessage.length);
    if (answer.status() != 200) {
      throw new RefusedException(
          "HTTP " + answer.status() + " from " + uri + hint(answer.status()));
    }
    return answer.body();
  }

  /** What an operator should check, for the refusals that have one cause. */
  private static String hint(int status) {
    return switch (status) {
      case 401 -> " (the sidecar wants its token: set the agent key token.file, or token)";
      case 403 -> " (the sidecar has bound this instance to another agent's session)";
      default -> "";
    };
  }

  /** The sidecar answered, but not with a desired state: a wrong token, a wrong path. */
  static final class RefusedException extends IOException {
    RefusedException(String message) {
      super(message);
    }
  }
}
