package io.poolpilot.agent.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import org.junit.jupiter.api.Test;

/** Wrappers carry the submitter's trace context only where there is one, futures stay futures. */
class TimedTaskTest {
  private static final Object CONTEXT = new Object();

  @Test
  void aTaskSubmittedUnderATraceContextCarriesIt() {
    Runnable task = () -> {};

    TimedTask wrapped = TimedTask.wrap(task, 42, CONTEXT);

    assertThat(wrapped.context()).isSameAs(CONTEXT);
    assertThat(wrapped.task()).isSameAs(task);
    assertThat(wrapped.submittedAt()).isEqualTo(42);
  }

  @Test
  void aTaskSubmittedWithoutATraceContextHasNone() {
    assertThat(TimedTask.wrap(() -> {}, 42, null).context()).isNull();
  }

  @Test
  void aFutureStaysAFutureWithOrWithoutATraceContext() {
    FutureTask<String> future = new FutureTask<>(() -> "done");

    TimedTask traced = TimedTask.wrap(future, 42, CONTEXT);
    TimedTask untraced = TimedTask.wrap(future, 42, null);

    assertThat(traced).isInstanceOf(Future.class);
    assertThat(untraced).isInstanceOf(Future.class);
    assertThat(traced.context()).isSameAs(CONTEXT);
    assertThat(untraced.context()).isNull();
  }

  @Test
  void aTracedFutureAnswersForTheApplicationsFuture() throws Exception {
    FutureTask<String> future = new FutureTask<>(() -> "done");
    TimedTask traced = TimedTask.wrap(future, 42, CONTEXT);

    traced.run();

    assertThat(((Future<?>) traced).isDone()).isTrue();
    assertThat(((Future<?>) traced).get()).isEqualTo("done");
  }
}
