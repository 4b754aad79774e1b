package io.poolpilot.agent.instrumentation.http.servlet;

import io.poolpilot.agent.bootstrap.ServletSpans;
import java.util.List;

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
        "io.poolpilot.agent.instrumentation.http.servlet.JakartaServletAdvice");
  }
}
