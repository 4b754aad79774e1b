package io.poolpilot.agent.instrumentation.http.vertx;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.poolpilot.agent.bootstrap.RequestContextSpans;
import io.poolpilot.agent.instrumentation.Advices;
import io.poolpilot.agent.instrumentation.TypeInstrumentation;
import io.poolpilot.agent.instrumentation.Weavings;
import io.vertx.core.internal.http.HttpServerRequestInternal;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import net.bytebuddy.asm.Advice;

/**
 * The route template of Vert.x Web 5 requests, and the failure a handler threw or passed to {@code
 * fail}. Route handlers are often lambdas, hidden classes that no type matcher sees, so the
 * router's own path is instrumented: {@code RouteState.handleContext} runs each matched route's
 * handlers, with the route current on the routing context. The route's template is the path it was
 * declared with ({@code /owners/:id}, a trailing {@code *} for prefix routes), never the request's
 * path. Routes declared without a path (a body handler on {@code router.route()}) name nothing, so
 * the last matched route with a path names the request. A route that mounts a sub-router lends its
 * template as the prefix of the sub-router's routes ({@code /api/*} + {@code /pets/:id} = {@code
 * /api/pets/:id}).
 *
 * <p>{@code RoutingContextImpl.fail(int, Throwable)} is where every failure ends up (a handler
 * throwing, {@code fail(t)}, {@code fail(code, t)}, and the wrappers of sub-routers); a failure
 * with a 5xx status is kept for the span, which ends when the error response does.
 */
public final class VertxWebInstrumentation implements TypeInstrumentation {
  static final String ROUTE_STATE = "io.vertx.ext.web.impl.RouteState";
  static final String ROUTING_CONTEXT = "io.vertx.ext.web.impl.RoutingContextImpl";

  private static final String ADVICE = VertxWebInstrumentation.class.getName();

  @Override
  public List<String> typeNames() {
    return List.of(ROUTE_STATE, ROUTING_CONTEXT);
  }

  @Override
  public void instrument(Weavings weavings) {
    weavings
        .type(
            ROUTE_STATE,
            b ->
                b.visit(
                    Advices.named(ADVICE + "$HandleContextAdvice")
                        .on(named("handleContext").and(takesArguments(1)))))
        .type(
            ROUTING_CONTEXT,
            b ->
                b.visit(
                    Advices.named(ADVICE + "$FailAdvice")
                        .on(named("fail").and(takesArguments(int.class, Throwable.class)))));
  }

  /** A matched route is about to run one of its handlers; it is the routing context's current. */
  public static final class HandleContextAdvice {
    private HandleContextAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.Argument(0) Object routingContext) {
      RoutingContext ctx = (RoutingContext) routingContext;
      Route route = ctx.currentRoute();
      if (route == null) {
        return;
      }
      String template = route.getPath();
      if (template == null) {
        if (!route.isRegexPath()) {
          return;
        }
        template = route.getName();
      } else if (!route.isExactPath()) {
        template = template + "*";
      }
      RequestContextSpans.route(
          ((HttpServerRequestInternal) ctx.request()).context(),
          ctx.mountPoint(),
          template,
          route.getSubRouter() != null);
    }
  }

  /** The routing failed; a 5xx failure's cause is what the span records. */
  public static final class FailAdvice {
    private FailAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(
        @Advice.This Object routingContext,
        @Advice.Argument(0) int status,
        @Advice.Argument(1) Throwable error) {
      if (error != null && (status >= 500 || status < 100)) {
        RoutingContext ctx = (RoutingContext) routingContext;
        RequestContextSpans.failed(((HttpServerRequestInternal) ctx.request()).context(), error);
      }
    }
  }
}
