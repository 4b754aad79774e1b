package io.poolpilot.agent.bootstrap;

/**
 * One servlet request's server span and its binding to the thread that entered the container. The
 * binding is undone when that thread leaves the container; the span ends then too, or, for an
 * asynchronous request, when the container reports the request complete, possibly on another
 * thread.
 */
public final class ServletRequestSpan {
  final ServerSpan span;
  private volatile Object attachment;

  ServletRequestSpan(ServerSpan span, Object attachment) {
    this.span = span;
    this.attachment = attachment;
  }

  /** Unbinds the span from the entering thread; only that thread calls it, once or more. */
  void detach() {
    Object a = attachment;
    attachment = null;
    HttpServerHooks.detach(a);
  }
}
