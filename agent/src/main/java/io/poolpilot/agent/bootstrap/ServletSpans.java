package io.poolpilot.agent.bootstrap;

import java.lang.reflect.InvocationHandler;

/**
 * What servlet advice calls, for {@code jakarta.servlet} and {@code javax.servlet} alike (the
 * advice reads the request through its own API and passes JDK types here).
 *
 * <p>A request is started with {@link #start} when it enters the container on a request dispatch;
 * the span is bound to the thread like {@link HttpServerHooks#start}, so filters, the servlet and
 * nested forwards on that thread record one request once. When the thread leaves the container the
 * advice calls {@link #end}, or, if the application started asynchronous processing, {@link
 * #release} and registers a listener built from {@link #endOnAsyncComplete}, which ends the span
 * when the container completes the request. {@link #attach} binds the same span to a thread that
 * runs an asynchronous dispatch of the request.
 */
public final class ServletSpans {
  /** Request attribute under which the request's {@link ServletRequestSpan} travels. */
  public static final String ATTRIBUTE = "io.poolpilot.agent.servlet.span";

  private ServletSpans() {}

  /** Starts the request's span, or returns null if this thread serves one or tracing is off. */
  public static ServletRequestSpan start(ServerRequest request) {
    if (HttpServerHooks.active() != null) {
      return null;
    }
    ServerSpan span = HttpServerHooks.startDetached(request);
    if (span == null) {
      return null;
    }
    return new ServletRequestSpan(span, HttpServerHooks.attach(span));
  }

  /**
   * Binds the span of a request that an asynchronous dispatch re-enters the container with; returns
   * what {@link HttpServerHooks#detach} undoes, or null.
   */
  public static Object attach(Object requestSpan) {
    if (!(requestSpan instanceof ServletRequestSpan) || HttpServerHooks.active() != null) {
      return null;
    }
    return HttpServerHooks.attach(((ServletRequestSpan) requestSpan).span);
  }

  /** Sets the route (ignored if null) and unbinds the span from this thread without ending it. */
  public static void release(ServletRequestSpan requestSpan, String route) {
    if (requestSpan == null) {
      return;
    }
    requestSpan.span.route(route);
    requestSpan.detach();
  }

  /**
   * Sets the route (ignored if null), unbinds the span from this thread (if still bound) and ends
   * it; see {@link #status} for what {@code status} and {@code error} become.
   */
  public static void end(
      ServletRequestSpan requestSpan, String route, int status, Throwable error) {
    if (requestSpan == null) {
      return;
    }
    requestSpan.span.route(route);
    requestSpan.detach();
    HttpServerHooks.end(requestSpan.span, status(status, error), error);
  }

  /**
   * The status to report: a request whose handler threw while the response still said success (the
   * container writes its 500 only after the exception has left the servlet) is a 500.
   */
  public static int status(int status, Throwable error) {
    return error != null && status < 400 ? 500 : status;
  }

  /**
   * The handler of a {@code java.lang.reflect.Proxy} implementing the application's {@code
   * AsyncListener}: it ends the span when the request completes, with the status {@code response}
   * then has (read through {@code getStatus()} of {@code responseType}, the API's {@code
   * HttpServletResponse}) and the error the container reported, if any. A proxy needs no class
   * defined in the application's class loader.
   */
  public static InvocationHandler endOnAsyncComplete(
      ServletRequestSpan requestSpan, Object response, Class<?> responseType) {
    return new AsyncCompletion(requestSpan, response, responseType);
  }
}
