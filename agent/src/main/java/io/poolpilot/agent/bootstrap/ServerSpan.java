package io.poolpilot.agent.bootstrap;

/**
 * One request's server span as framework advice holds it between the request's start and its end.
 * Ending is idempotent, so a framework that reports the end of a response twice (an end handler and
 * a close handler, say) records the request once.
 */
public final class ServerSpan {
  final Object state;
  final ServerRequest request;
  AutoCloseable scope;
  private final java.util.concurrent.atomic.AtomicBoolean ended =
      new java.util.concurrent.atomic.AtomicBoolean();

  ServerSpan(Object state, ServerRequest request) {
    this.state = state;
    this.request = request;
  }

  public ServerRequest request() {
    return request;
  }

  /** Records the route template once the framework has matched one; never the raw path. */
  public void route(String template) {
    if (template != null && !template.isEmpty()) {
      request.route = template;
    }
  }

  boolean markEnded() {
    return ended.compareAndSet(false, true);
  }
}
