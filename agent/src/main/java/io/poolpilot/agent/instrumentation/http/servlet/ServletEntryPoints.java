package io.poolpilot.agent.instrumentation.http.servlet;

import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.poolpilot.agent.instrumentation.Advices;
import io.poolpilot.agent.instrumentation.TypeInstrumentation;
import io.poolpilot.agent.instrumentation.Weavings;
import java.util.List;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * Where a request enters servlet code, for one servlet API ({@code jakarta.servlet} or {@code
 * javax.servlet}): methods named {@code service} or {@code doFilter} that take exactly the API's
 * {@code (ServletRequest, ServletResponse)}, in classes named exactly.
 *
 * <p>Two kinds of entry point are instrumented, and the outermost one on a thread owns the span:
 *
 * <ul>
 *   <li>The container's filter chain ({@code ApplicationFilterChain.doFilter} in Tomcat, {@code
 *       ServletHandler$Chain.doFilter} in Jetty 12 ee10). It is entered before the first filter, so
 *       the time filters take (security, compression, logging) is inside the span, and a request a
 *       filter answers by itself (a 401, say) still gets one. Re-entered once per filter, it starts
 *       a span only the first time.
 *   <li>{@code HttpServlet.service(ServletRequest, ServletResponse)}, which every {@code
 *       HttpServlet} (Spring's {@code DispatcherServlet} included) inherits and hardly any
 *       overrides: the fallback for containers whose chain is not named here (Undertow, older
 *       Jetty), and for Jetty requests that no filter maps, where Jetty calls the servlet without a
 *       chain. Inside a chain's span it does nothing.
 * </ul>
 *
 * Tomcat 9 (javax) and Tomcat 10+ (jakarta) share the chain's class name; matching the method by
 * its parameter types' names picks the advice written against the API the class was compiled with,
 * without loading anything.
 */
abstract class ServletEntryPoints implements TypeInstrumentation {
  static final String TOMCAT_FILTER_CHAIN = "org.apache.catalina.core.ApplicationFilterChain";

  private final String api;
  private final List<String> typeNames;
  private final String adviceClass;

  /**
   * @param api the API's package, {@code jakarta.servlet} or {@code javax.servlet}
   * @param typeNames the classes whose entry methods are instrumented
   * @param adviceClass binary name of the advice written against that API
   */
  ServletEntryPoints(String api, List<String> typeNames, String adviceClass) {
    this.api = api;
    this.typeNames = List.copyOf(typeNames);
    this.adviceClass = adviceClass;
  }

  @Override
  public List<String> typeNames() {
    return typeNames;
  }

  @Override
  public void instrument(Weavings weavings) {
    AsmVisitorWrapper advice =
        Advices.named(adviceClass)
            .on(
                isMethod()
                    .and(namedOneOf("service", "doFilter"))
                    .and(takesArguments(2))
                    .and(takesArgument(0, named(api + ".ServletRequest")))
                    .and(takesArgument(1, named(api + ".ServletResponse"))));
    for (String typeName : typeNames) {
      weavings.type(typeName, b -> b.visit(advice));
    }
  }
}
