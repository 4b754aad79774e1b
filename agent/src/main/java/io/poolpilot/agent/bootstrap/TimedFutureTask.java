package io.poolpilot.agent.bootstrap;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link TimedTask} around a {@link RunnableFuture}. It stays a {@code Future} while queued so
 * that {@code ThreadPoolExecutor.purge()}, which removes cancelled futures from the queue, still
 * finds them.
 */
final class TimedFutureTask extends TimedTask implements RunnableFuture<Object> {
  private final RunnableFuture<?> future;

  TimedFutureTask(RunnableFuture<?> future, long submittedAt, Object context) {
    super(future, submittedAt, context);
    this.future = future;
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    return future.cancel(mayInterruptIfRunning);
  }

  @Override
  public boolean isCancelled() {
    return future.isCancelled();
  }

  @Override
  public boolean isDone() {
    return future.isDone();
  }

  @Override
  public Object get() throws InterruptedException, ExecutionException {
    return future.get();
  }

  @Override
  public Object get(long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    return future.get(timeout, unit);
  }
}
