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
 * Measures Jetty's {@code org.eclipse.jetty.util.thread.QueuedThreadPool}: a job is stamped in
 * {@code execute} on its way into the queue ({@code _jobs}), unwrapped and timed around the runner
 * thread's private {@code Runner.doRunJob}, which calls the overridable {@code runJob}: a subclass
 * overriding {@code runJob} (Jetty's {@code MonitoredQueuedThreadPool}) sees the application's job,
 * and the timing does not depend on it calling {@code super}. A rejection is counted when {@code
 * execute} throws {@code RejectedExecutionException}.
 *
 * <p>Only jobs that go through the queue are measured; what that leaves out (reserved threads,
 * tasks Jetty runs on the producing thread, Jetty's own long-running jobs) is described on the
 * agent's Jetty pool adapter and in {@code JettyJobs}.
 */
public final class JettyQueuedThreadPoolInstrumentation implements TypeInstrumentation {
  static final String POOL = PoolKind.JETTY_POOL;
  static final String RUNNER = POOL + "$Runner";
  private static final String SELF = JettyQueuedThreadPoolInstrumentation.class.getName();

  @Override
  public List<String> typeNames() {
    return List.of(POOL, RUNNER);
  }

  @Override
  public void instrument(Weavings weavings) {
    weavings.type(POOL, b -> b.visit(poolAdvice())).type(RUNNER, b -> b.visit(runnerAdvice()));
  }

  private static AsmVisitorWrapper poolAdvice() {
    return new AsmVisitorWrapper.Compound(
        advice("ConstructorAdvice").on(isConstructor().and(takesArguments(7))),
        advice("ExecuteAdvice").on(named("execute").and(takesArguments(Runnable.class))));
  }

  private static AsmVisitorWrapper runnerAdvice() {
    return new AsmVisitorWrapper.Compound(
        advice("RunJobAdvice").on(named("doRunJob").and(takesArguments(Runnable.class))),
        advice("RunnerExitAdvice").on(named("run").and(takesArguments(0))));
  }

  private static Advice advice(String name) {
    return Advices.named(SELF + "$" + name);
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
        @Advice.Argument(value = 0, readOnly = false) Runnable job,
        @Advice.FieldValue("_jobs") BlockingQueue<Runnable> queue) {
      job = ExecutorHooks.jobSubmitted(job, queue);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object pool, @Advice.Thrown Throwable thrown) {
      if (thrown != null) {
        ExecutorHooks.executeThrew(pool, thrown);
      }
    }
  }

  static final class RunJobAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(
        @Advice.FieldValue("this$0") Object pool,
        @Advice.Argument(value = 0, readOnly = false) Runnable job) {
      job = ExecutorHooks.jobStarting(pool, job);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit() {
      ExecutorHooks.jobFinished();
    }
  }

  static final class RunnerExitAdvice {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit() {
      ExecutorHooks.workerExiting();
    }
  }
}
