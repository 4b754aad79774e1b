package io.poolpilot.agent.instrumentation.executor;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.poolpilot.agent.bootstrap.ExecutorHooks;
import io.poolpilot.agent.bootstrap.PoolKind;
import io.poolpilot.agent.instrumentation.Advices;
import io.poolpilot.agent.instrumentation.TypeInstrumentation;
import io.poolpilot.agent.instrumentation.Weavings;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * Measures Tomcat's {@code org.apache.tomcat.util.threads.ThreadPoolExecutor}, the pool behind its
 * connectors ({@code http-nio-8080-exec-*}). It is a copy of the JDK's class, not a subclass, so
 * the same methods get the same advice as in {@link ThreadPoolExecutorInstrumentation}, calling the
 * same hooks, with the pool typed {@code Object}.
 *
 * <p>One difference: when the handler refuses a task by throwing, Tomcat's {@code execute} may
 * still queue it ({@code TaskQueue.force}). So a rejection is counted where it is final: when
 * {@code execute} throws {@code RejectedExecutionException}, or when {@code reject} returns
 * normally because a handler took the task in some other way.
 */
public final class TomcatThreadPoolInstrumentation implements TypeInstrumentation {
  static final String POOL = PoolKind.TOMCAT_POOL;
  static final String WORKER = POOL + "$Worker";
  private static final String SELF = TomcatThreadPoolInstrumentation.class.getName();

  @Override
  public List<String> typeNames() {
    return List.of(POOL, WORKER);
  }

  @Override
  public void instrument(Weavings weavings) {
    weavings
        .type(POOL, b -> b.visit(poolAdvice()))
        .type(
            WORKER,
            b ->
                b.visit(
                    Advice.to(ThreadPoolExecutorInstrumentation.WorkerRunAdvice.class)
                        .on(named("run").and(takesArguments(0)))));
  }

  private static AsmVisitorWrapper poolAdvice() {
    return new AsmVisitorWrapper.Compound(
        Advice.to(ThreadPoolExecutorInstrumentation.ConstructorAdvice.class)
            .on(isConstructor().and(takesArguments(7))),
        advice("ExecuteAdvice").on(named("execute").and(takesArguments(Runnable.class))),
        Advice.to(ThreadPoolExecutorInstrumentation.GetTaskAdvice.class)
            .on(named("getTask").and(takesArguments(0))),
        advice("RejectAdvice").on(named("reject").and(takesArguments(Runnable.class))),
        Advice.to(ThreadPoolExecutorInstrumentation.RemoveAdvice.class)
            .on(named("remove").and(takesArguments(Runnable.class))),
        Advice.to(ThreadPoolExecutorInstrumentation.ShutdownNowAdvice.class)
            .on(named("shutdownNow").and(takesArguments(0))));
  }

  private static Advice advice(String name) {
    return Advices.named(SELF + "$" + name);
  }

  static final class ExecuteAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(
        @Advice.This Object pool,
        @Advice.Argument(value = 0, readOnly = false) Runnable command,
        @Advice.FieldValue("workQueue") BlockingQueue<Runnable> queue) {
      command = ExecutorHooks.submitted(pool, command, queue);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object pool, @Advice.Thrown Throwable thrown) {
      if (thrown != null) {
        ExecutorHooks.executeThrew(pool, thrown);
      }
    }
  }

  static final class RejectAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.Argument(value = 0, readOnly = false) Runnable command) {
      command = ExecutorHooks.unwrap(command);
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This Object pool) {
      ExecutorHooks.rejectionHandled(pool);
    }
  }
}
