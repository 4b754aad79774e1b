package io.poolpilot.agent.instrumentation.http.servlet;

import java.util.List;

/**
 * {@link JakartaServletInstrumentation} for {@code javax.servlet}: Tomcat 9 and any {@code javax}
 * container through {@code HttpServlet}. Its advice, {@code JavaxServletAdvice}, is generated at
 * build time from {@link JakartaServletAdvice}.
 */
public final class JavaxServletInstrumentation extends ServletEntryPoints {
  static final String HTTP_SERVLET = "javax.servlet.http.HttpServlet";

  public JavaxServletInstrumentation() {
    super(
        "javax.servlet",
        List.of(HTTP_SERVLET, TOMCAT_FILTER_CHAIN),
        "io.poolpilot.agent.instrumentation.http.servlet.JavaxServletAdvice");
  }
}
