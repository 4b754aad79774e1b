package io.poolpilot.agent.instrumentation.http.vertx;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.poolpilot.agent.bootstrap.RequestContextSpans;
import io.poolpilot.agent.instrumentation.Advices;
import io.poolpilot.agent.instrumentation.TypeInstrumentation;
import io.poolpilot.agent.instrumentation.Weavings;
import java.util.List;
import net.bytebuddy.asm.Advice;

/**
 * Makes a Vert.x 5 request's server span current while its handlers run. Vert.x gives each HTTP
 * request a duplicated context and runs everything of that request on it: the request handler, the
 * router's handlers, timers, body and future callbacks on the event loop, and {@code
 * executeBlocking} code on a worker thread. Every such run is bracketed by {@code
 * ContextBase.beginDispatch}/{@code endDispatch}, whatever the handler's class (lambda route
 * handlers are hidden classes, which no type matcher sees), so this one class carries the span to
 * every thread a request's code runs on.
 *
 * <p>Vert.x 5's worker pool comes from its default {@code ExecutorServiceFactory}, {@code
 * Executors.newFixedThreadPool}: a JDK {@code ThreadPoolExecutor} the agent measures. The span of a
 * request is started on the event loop, though, so it carries no {@code jvm.executor.name}; the
 * pool's queue wait shows up in the pool's own metrics.
 */
public final class VertxContextInstrumentation implements TypeInstrumentation {
  static final String CONTEXT_BASE = "io.vertx.core.impl.ContextBase";

  private static final String ADVICE = VertxContextInstrumentation.class.getName();

  @Override
  public List<String> typeNames() {
    return List.of(CONTEXT_BASE);
  }

  @Override
  public void instrument(Weavings weavings) {
    weavings.type(
        CONTEXT_BASE,
        b ->
            b.visit(
                    Advices.named(ADVICE + "$BeginDispatchAdvice")
                        .on(named("beginDispatch").and(takesArguments(0))))
                .visit(
                    Advices.named(ADVICE + "$EndDispatchAdvice")
                        .on(named("endDispatch").and(takesArguments(1)))));
  }

  /** After {@code beginDispatch} succeeded: its {@code endDispatch} follows in a finally block. */
  public static final class BeginDispatchAdvice {
    private BeginDispatchAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.This Object context) {
      RequestContextSpans.enter(context);
    }
  }

  public static final class EndDispatchAdvice {
    private EndDispatchAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This Object context) {
      RequestContextSpans.exit(context);
    }
  }
}
