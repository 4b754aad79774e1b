package io.poolpilot.agent.it.app;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pool subclass, as frameworks write them, that counts the tasks its {@code beforeExecute} and
 * {@code afterExecute} hooks receive in a form other than the object given to {@code execute}:
 * whatever an agent does to tasks on their way through the queue, the application must only ever
 * see its own.
 */
public final class ObservedPool extends ThreadPoolExecutor {
  private final Set<Runnable> given =
      Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
  private final AtomicInteger foreign = new AtomicInteger();

  public ObservedPool(int core, int max, BlockingQueue<Runnable> queue, String threadPrefix) {
    super(core, max, 30, TimeUnit.SECONDS, queue, new NamedThreadFactory(threadPrefix));
  }

  @Override
  public void execute(Runnable task) {
    given.add(task);
    super.execute(task);
  }

  @Override
  protected void beforeExecute(Thread worker, Runnable task) {
    if (!given.contains(task)) {
      foreign.incrementAndGet();
    }
  }

  @Override
  protected void afterExecute(Runnable task, Throwable failure) {
    if (!given.remove(task)) {
      foreign.incrementAndGet();
    }
  }

  /** Calls of the hooks that received something other than a task given to execute. */
  public int tasksSeenInAnotherForm() {
    return foreign.get();
  }
}
