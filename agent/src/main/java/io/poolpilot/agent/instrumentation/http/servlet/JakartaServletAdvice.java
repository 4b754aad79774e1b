package io.poolpilot.agent.instrumentation.http.servlet;

import io.poolpilot.agent.bootstrap.HttpServerHooks;
import io.poolpilot.agent.bootstrap.ServerRequest;
import io.poolpilot.agent.bootstrap.ServletRequestSpan;
import io.poolpilot.agent.bootstrap.ServletRoutes;
import io.poolpilot.agent.bootstrap.ServletSpans;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.MappingMatch;
import java.lang.reflect.Proxy;
import net.bytebuddy.asm.Advice;

/**
 * The servlet entry advice of {@link JakartaServletInstrumentation}, compiled against {@code
 * jakarta.servlet}. Its {@code javax.servlet} twin, {@code JavaxServletAdvice}, is generated from
 * this file at build time (the agent's pom replaces the package names): inlined advice must name
 * the API's own types, and the bridge it calls may name none, so the two cannot share code any
 * other way. Edit this file only.
 *
 * <p>A container older than Servlet 4 lacks {@code getHttpServletMapping()}; the advice then
 * composes the route without it.
 */
final class JakartaServletAdvice {
  private JakartaServletAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(@Advice.Argument(0) Object req) {
    if (HttpServerHooks.active() != null || !(req instanceof HttpServletRequest)) {
      return null;
    }
    HttpServletRequest request = (HttpServletRequest) req;
    DispatcherType dispatch = request.getDispatcherType();
    if (dispatch == DispatcherType.ASYNC) {
      return ServletSpans.attach(request.getAttribute(ServletSpans.ATTRIBUTE));
    }
    if (dispatch != DispatcherType.REQUEST) {
      return null;
    }
    ServerRequest r = new ServerRequest();
    r.method = request.getMethod();
    r.scheme = request.getScheme();
    r.path = request.getRequestURI();
    r.host(request.getHeader("Host"));
    if (r.serverAddress == null) {
      r.serverAddress = request.getServerName();
      r.serverPort = request.getServerPort();
    }
    r.clientAddress = request.getRemoteAddr();
    r.userAgent = request.getHeader("User-Agent");
    r.traceparent = request.getHeader("traceparent");
    r.tracestate = request.getHeader("tracestate");
    return ServletSpans.start(r);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(
      @Advice.Enter Object entered,
      @Advice.Argument(0) Object req,
      @Advice.Argument(1) Object res,
      @Advice.Thrown Throwable thrown) {
    if (!(entered instanceof ServletRequestSpan)) {
      HttpServerHooks.detach(entered);
      return;
    }
    // Every step below that calls into the container is guarded: the span must end, or this
    // thread would stay bound to it.
    ServletRequestSpan span = (ServletRequestSpan) entered;
    HttpServletRequest request = (HttpServletRequest) req;
    Throwable error =
        thrown instanceof ServletException && thrown.getCause() != null
            ? thrown.getCause()
            : thrown;
    String pattern = null;
    String match = null;
    String mappingPattern = null;
    String route = null;
    try {
      Object best =
          request.getAttribute(
              "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern");
      pattern = best == null ? null : best.toString();
      HttpServletMapping mapping = request.getHttpServletMapping();
      if (mapping != null) {
        MappingMatch mappingMatch = mapping.getMappingMatch();
        match = mappingMatch == null ? null : mappingMatch.name();
        mappingPattern = mapping.getPattern();
      }
    } catch (Throwable t) {
      // a container without mappings: compose from what was read
    }
    try {
      route =
          ServletRoutes.route(
              request.getContextPath(),
              pattern,
              match,
              mappingPattern,
              request.getServletPath(),
              request.getPathInfo() != null);
    } catch (Throwable t) {
      // no route rather than no span
    }
    boolean async = false;
    try {
      async = error == null && request.isAsyncStarted();
    } catch (Throwable t) {
      // treated as synchronous
    }
    if (async) {
      ServletSpans.release(span, route);
      try {
        request.setAttribute(ServletSpans.ATTRIBUTE, span);
        request
            .getAsyncContext()
            .addListener(
                (AsyncListener)
                    Proxy.newProxyInstance(
                        AsyncListener.class.getClassLoader(),
                        new Class<?>[] {AsyncListener.class},
                        ServletSpans.endOnAsyncComplete(span, res, HttpServletResponse.class)));
        return;
      } catch (Throwable t) {
        // completed already, or no listener possible: end the span now
      }
    }
    int status = -1;
    try {
      status = ((HttpServletResponse) res).getStatus();
    } catch (Throwable t) {
      // unknown status
    }
    ServletSpans.end(span, route, status, error);
  }
}
