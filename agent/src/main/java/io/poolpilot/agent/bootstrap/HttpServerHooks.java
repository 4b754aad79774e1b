package io.poolpilot.agent.bootstrap;

/**
 * What server-framework advice calls. A synchronous framework (a servlet container, the JDK's
 * HttpServer) calls {@link #start} on entry and {@link #end} on exit; only the outermost call on a
 * thread starts a span, so filters, nested dispatches and a handler instrumented at two levels
 * record one request once. An asynchronous framework (Vert.x) calls {@link #startDetached}, binds
 * the span to whichever thread runs a handler with {@link #attach}, and ends it when the response
 * ends. None of these methods throws; each returns null or does nothing while tracing is off.
 */
public final class HttpServerHooks {
  private static final ThreadLocal<ServerSpan> ACTIVE = new ThreadLocal<>();

  private HttpServerHooks() {}

  /** Starts a span bound to this thread, or returns null if this thread already serves one. */
  public static ServerSpan start(ServerRequest request) {
    TracingBackend b = Tracing.backend();
    if (b == null || ACTIVE.get() != null) {
      return null;
    }
    try {
      ServerSpan span =
          new ServerSpan(b.startServerSpan(request, ExecutorHooks.currentWorker()), request);
      span.scope = b.makeCurrent(span.state);
      ACTIVE.set(span);
      return span;
    } catch (Throwable t) {
      Tracing.fail(t);
      return null;
    }
  }

  /** Starts a span that no thread holds yet; see {@link #attach}. */
  public static ServerSpan startDetached(ServerRequest request) {
    TracingBackend b = Tracing.backend();
    if (b == null) {
      return null;
    }
    try {
      return new ServerSpan(b.startServerSpan(request, ExecutorHooks.currentWorker()), request);
    } catch (Throwable t) {
      Tracing.fail(t);
      return null;
    }
  }

  /**
   * Makes a detached span current on this thread (and the thread's active server span) until the
   * result is passed to {@link #detach}.
   */
  public static Object attach(ServerSpan span) {
    TracingBackend b = Tracing.backend();
    if (b == null || span == null) {
      return null;
    }
    try {
      ServerSpan previous = ACTIVE.get();
      ACTIVE.set(span);
      WorkerTimings worker = ExecutorHooks.currentWorker();
      if (worker != null) {
        // An async framework handing the request to a pool (Vert.x executeBlocking, say): that
        // pool is where this request waited.
        b.ranOnPool(span.state, worker);
      }
      return new Attachment(b.makeCurrent(span.state), previous);
    } catch (Throwable t) {
      Tracing.fail(t);
      return null;
    }
  }

  /** Undoes {@link #attach}. */
  public static void detach(Object attachment) {
    if (!(attachment instanceof Attachment)) {
      return;
    }
    Attachment a = (Attachment) attachment;
    ACTIVE.set(a.previous);
    Tracing.close(a.scope);
  }

  /** The server span this thread is serving, or null. */
  public static ServerSpan active() {
    return ACTIVE.get();
  }

  /**
   * Ends {@code span} (null is ignored): {@code status} is the response status, or -1 if none was
   * sent; {@code error} is what the handler threw, or null.
   */
  public static void end(ServerSpan span, int status, Throwable error) {
    if (span == null || !span.markEnded()) {
      return;
    }
    if (ACTIVE.get() == span) {
      // set(null), not remove(): the thread's next request then updates its entry in place
      // instead of inserting a new one.
      ACTIVE.set(null);
    }
    Tracing.close(span.scope);
    span.scope = null;
    TracingBackend b = Tracing.backend();
    if (b == null) {
      return;
    }
    try {
      b.endServerSpan(span.state, span.request, status, error);
    } catch (Throwable t) {
      Tracing.fail(t);
    }
  }

  private static final class Attachment {
    final AutoCloseable scope;
    final ServerSpan previous;

    Attachment(AutoCloseable scope, ServerSpan previous) {
      this.scope = scope;
      this.previous = previous;
    }
  }
}
