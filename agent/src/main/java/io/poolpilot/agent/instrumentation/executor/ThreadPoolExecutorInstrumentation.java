package io.poolpilot.agent.instrumentation.executor;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.poolpilot.agent.bootstrap.ExecutorHooks;
import io.poolpilot.agent.bootstrap.WorkerTimings;
import io.poolpilot.agent.instrumentation.TypeInstrumentation;
import io.poolpilot.agent.instrumentation.Weavings;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * Measures every {@link ThreadPoolExecutor}, subclasses included, by weaving advice into the JDK
 * class itself and its {@code Worker}: no subclass is matched, so start-up pays for two class
 * names, not for a type-hierarchy walk over every class the application loads.
 *
 * <p>Where a task is stamped, unwrapped and timed, and why there:
 *
 * <ul>
 *   <li>{@code execute}: the task is wrapped with its submit time before it can reach the queue.
 *   <li>{@code Worker.run}: a first task handed straight to a new worker is unwrapped before {@code
 *       runWorker} reads it; its wait is the thread's start-up.
 *   <li>{@code getTask}: entry ends the previous task, exit unwraps the next one and starts its
 *       clock. Timing here, rather than in {@code beforeExecute}/{@code afterExecute}, does not
 *       depend on overrides that forget to call {@code super}.
 *   <li>{@code reject}, {@code remove}, {@code shutdownNow}: the application's own task objects in,
 *       out and in its rejection handler.
 * </ul>
 */
public final class ThreadPoolExecutorInstrumentation implements TypeInstrumentation {
  static final String POOL = "java.util.concurrent.ThreadPoolExecutor";
  static final String WORKER = "java.util.concurrent.ThreadPoolExecutor$Worker";

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
            b -> b.visit(Advice.to(WorkerRunAdvice.class).on(named("run").and(takesArguments(0)))));
  }

  private static AsmVisitorWrapper poolAdvice() {
    return new AsmVisitorWrapper.Compound(
        Advice.to(ConstructorAdvice.class).on(isConstructor().and(takesArguments(7))),
        Advice.to(ExecuteAdvice.class).on(named("execute").and(takesArguments(Runnable.class))),
        Advice.to(GetTaskAdvice.class).on(named("getTask").and(takesArguments(0))),
        Advice.to(RejectAdvice.class).on(named("reject").and(takesArguments(Runnable.class))),
        Advice.to(RemoveAdvice.class).on(named("remove").and(takesArguments(Runnable.class))),
        Advice.to(ShutdownNowAdvice.class).on(named("shutdownNow").and(takesArguments(0))));
  }

  static final class ConstructorAdvice {
    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This Object pool) {
      ExecutorHooks.constructed(pool);
    }
  }

  static final class ExecuteAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(
        @Advice.This Object pool,
        @Advice.Argument(value = 0, readOnly = false) Runnable command,
        @Advice.FieldValue("workQueue") BlockingQueue<Runnable> queue) {
      command = ExecutorHooks.submitted(pool, command, queue);
    }
  }

  static final class GetTaskAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static WorkerTimings enter(@Advice.FieldValue("workQueue") BlockingQueue<Runnable> queue) {
      return ExecutorHooks.taskFinishing(queue);
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(
        @Advice.This Object pool,
        @Advice.Enter WorkerTimings timings,
        @Advice.Return(readOnly = false) Runnable task) {
      task = ExecutorHooks.taskTaken(pool, timings, task);
    }
  }

  static final class RejectAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(
        @Advice.This Object pool, @Advice.Argument(value = 0, readOnly = false) Runnable command) {
      command = ExecutorHooks.rejected(pool, command);
    }
  }

  static final class RemoveAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(
        @Advice.FieldValue("workQueue") BlockingQueue<Runnable> queue,
        @Advice.Argument(value = 0, readOnly = false) Runnable task) {
      task = ExecutorHooks.queuedFormOf(queue, task);
    }
  }

  static final class ShutdownNowAdvice {
    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.Return List<Runnable> drained) {
      ExecutorHooks.unwrapAll(drained);
    }
  }

  static final class WorkerRunAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(
        @Advice.FieldValue("this$0") Object pool,
        @Advice.FieldValue(value = "firstTask", readOnly = false) Runnable firstTask) {
      firstTask = ExecutorHooks.workerStarting(pool, firstTask);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit() {
      ExecutorHooks.workerExiting();
    }
  }
}
