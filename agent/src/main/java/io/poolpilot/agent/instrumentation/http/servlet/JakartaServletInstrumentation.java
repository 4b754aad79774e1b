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
import java.util.List;
import net.bytebuddy.asm.Advice;

/**
 * Server spans for {@code jakarta.servlet} containers: Tomcat 10+, Jetty 12 ee10 and any container
 * through {@code HttpServlet}; see {@link ServletEntryPoints} for the hooks and {@link
 * JavaxServletInstrumentation} for the same advice against {@code javax.servlet}.
 *
 * <p>Only a {@code REQUEST} dispatch starts a span. An {@code ASYNC} dispatch (the container
 * re-entering the application for a request in asynchronous processing, as Spring MVC does with a
 * {@code Callable}'s result) binds that request's span to its thread again instead. An {@code
 * ERROR} dispatch (the error page a container renders after the request's servlet failed) starts
 * none: the request's span has its status and exception already. The route is read when the request
 * leaves the container, after Spring MVC has matched it.
 *
 * <p>A request that started asynchronous processing ends when the container completes it, not when
 * the servlet returns: a {@code java.lang.reflect.Proxy} of the application's own {@code
 * AsyncListener}, whose handler lives in the bootstrap bridge, is registered then, so no class is
 * injected into the application's class loader. The span also travels as a request attribute
 * ({@link ServletSpans#ATTRIBUTE}) for the {@code ASYNC} dispatch to find.
 *
 * <p>A {@code ServletException} is recorded as its cause (Spring MVC wraps whatever a handler
 * throws in one), and a request that threw while its response still said success is a 500, the
 * answer the container is about to give.
 */
public final class JakartaServletInstrumentation extends ServletEntryPoints {
  static final String HTTP_SERVLET = "jakarta.servlet.http.HttpServlet";
  static final String JETTY_EE10_FILTER_CHAIN =
      "org.eclipse.jetty.ee10.servlet.ServletHandler$Chain";

  public JakartaServletInstrumentation() {
    super(
        "jakarta.servlet",
        List.of(HTTP_SERVLET, TOMCAT_FILTER_CHAIN, JETTY_EE10_FILTER_CHAIN),
        JakartaServletInstrumentation.class.getName() + "$ServiceAdvice");
  }

  static final class ServiceAdvice {
    private ServiceAdvice() {}

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
}
