package io.poolpilot.agent.instrumentation.http;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import io.poolpilot.agent.bootstrap.HttpServerHooks;
import io.poolpilot.agent.bootstrap.ServerRequest;
import io.poolpilot.agent.bootstrap.ServerSpan;
import io.poolpilot.agent.instrumentation.TypeInstrumentation;
import io.poolpilot.agent.instrumentation.Weavings;
import java.net.InetSocketAddress;
import java.util.List;
import net.bytebuddy.asm.Advice;

/**
 * Server spans for the JDK's {@code com.sun.net.httpserver}. Every exchange passes through {@code
 * Filter.Chain.doFilter} on its way to the filters and the handler, whatever classes the
 * application registered, so one JDK class is transformed instead of every {@code HttpHandler}. The
 * chain is re-entered once per filter; only the outermost call starts a span. The handler API is
 * synchronous: the exchange ends when {@code doFilter} returns. The route is the path of the {@code
 * HttpContext} the request matched, the only template this server knows.
 */
public final class JdkHttpServerInstrumentation implements TypeInstrumentation {
  static final String CHAIN = "com.sun.net.httpserver.Filter$Chain";

  @Override
  public List<String> typeNames() {
    return List.of(CHAIN);
  }

  @Override
  public void instrument(Weavings weavings) {
    weavings.type(
        CHAIN,
        b ->
            b.visit(
                Advice.to(DoFilterAdvice.class)
                    .on(named("doFilter").and(takesArguments(HttpExchange.class)))));
  }

  static final class DoFilterAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static ServerSpan enter(@Advice.Argument(0) HttpExchange exchange) {
      if (HttpServerHooks.active() != null) {
        return null;
      }
      ServerRequest request = new ServerRequest();
      request.method = exchange.getRequestMethod();
      request.path = exchange.getRequestURI().getRawPath();
      request.scheme = exchange instanceof HttpsExchange ? "https" : "http";
      request.route = exchange.getHttpContext().getPath();
      InetSocketAddress remote = exchange.getRemoteAddress();
      if (remote != null && remote.getAddress() != null) {
        request.clientAddress = remote.getAddress().getHostAddress();
      }
      request.headers(exchange.getRequestHeaders());
      return HttpServerHooks.start(request);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(
        @Advice.Enter ServerSpan span,
        @Advice.Argument(0) HttpExchange exchange,
        @Advice.Thrown Throwable error) {
      if (span != null) {
        HttpServerHooks.end(span, exchange.getResponseCode(), error);
      }
    }
  }
}
