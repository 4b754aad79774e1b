package io.poolpilot.agent.bootstrap;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link TimedTask} around a {@link RunnableFuture}. It stays a {@code Future} while queued so
 * that {@code ThreadPoolExecutor.purge()}, which removes cancelled futures from the queue, still
 * finds them. The future is the wrapped task itself, not a second field, which keeps the wrapper at
 * 24 bytes.
 */
class TimedFutureTask extends TimedTask implements RunnableFuture<Object> {
  TimedFutureTask(RunnableFuture<?> future, long submittedAt) {
    super(future, submittedAt);
  }

  private RunnableFuture<?> future() {
    return (RunnableFuture<?>) task;
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    return future().cancel(mayInterruptIfRunning);
  }

  @Override
  public boolean isCancelled() {
    return future().isCancelled();
  }

  @Override
  public boolean isDone() {
    return future().isDone();
  }

  @Override
  public Object get() throws InterruptedException, ExecutionException {
    return future().get();
  }

  @Override
  public Object get(long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    return future().get(timeout, unit);
  }

  /** A future submitted under a trace context, which it runs under. */
  static final class Traced extends TimedFutureTask {
    private final Object context;

    Traced(RunnableFuture<?> future, long submittedAt, Object context) {
      super(future, submittedAt);
      this.context = context;
    }

    @Override
    Object context() {
      return context;
    }
  }
}
