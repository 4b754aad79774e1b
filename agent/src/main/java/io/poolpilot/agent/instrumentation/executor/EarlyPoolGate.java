package io.poolpilot.agent.instrumentation.executor;

import io.poolpilot.agent.instrumentation.ApplicationClasses;
import io.poolpilot.agent.instrumentation.ConstantPoolScan;
import io.poolpilot.agent.instrumentation.StartupProfile;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds back an application class that may build a thread pool until the pool instrumentation is in
 * place. The instrumentation is installed on a background thread while the application starts (Byte
 * Buddy loads about a thousand classes of its own, half a second that the application's {@code
 * main} would otherwise wait for). A pool built before it is in place is still measured, from its
 * first task, but without the class that built it, which is what names most pools. So the thread
 * that loads a class naming {@code ThreadPoolExecutor}, {@code ScheduledThreadPoolExecutor} or
 * {@code Executors} waits for the installation, at most {@link #MAX_WAIT}: a small application that
 * builds its pools first thing in {@code main} waits as it did when the installation ran in {@code
 * premain}; a framework that gets to its pools after a second or two never waits.
 *
 * <p>Looking costs one pass over the constant pool of each application class loaded before the
 * installation ends, none after: the gate then removes itself.
 */
public final class EarlyPoolGate implements ClassFileTransformer {
  /**
   * Long enough for an installation on a machine whose processors are taken by others (seconds have
   * been seen), so that the wait does what it is for; a bound only against a bug, since the
   * application waited for the installation in {@code premain} without one.
   */
  static final Duration MAX_WAIT = Duration.ofSeconds(60);

  private final ConstantPoolScan buildsPools =
      new ConstantPoolScan(
          "java/util/concurrent/ThreadPoolExecutor",
          "java/util/concurrent/ScheduledThreadPoolExecutor",
          "java/util/concurrent/Executors");
  private final CountDownLatch installed = new CountDownLatch(1);
  private final AtomicInteger heldBack = new AtomicInteger();
  private final ApplicationClasses application;

  public EarlyPoolGate(ClassLoader agentLoader) {
    this.application = new ApplicationClasses(agentLoader);
  }

  @Override
  public byte[] transform(
      Module module,
      ClassLoader loader,
      String internalName,
      Class<?> classBeingRedefined,
      ProtectionDomain domain,
      byte[] classFile) {
    long start = StartupProfile.now();
    boolean buildsPool =
        installed.getCount() > 0
            && application.isFirstLoad(loader, internalName, classBeingRedefined)
            && buildsPools.mayContain(classFile);
    StartupProfile.add("early pool gate, scan", start);
    if (buildsPool) {
      heldBack.incrementAndGet();
      long waitStart = System.nanoTime();
      awaitInstallation();
      StartupProfile.addWait("early pool gate, waited (wall)", System.nanoTime() - waitStart);
    }
    return null;
  }

  /** How many classes have waited for the installation. */
  public int heldBack() {
    return heldBack.get();
  }

  /**
   * The installation has ended, done or failed: nothing waits any longer. The caller removes the
   * gate from the JVM's transformers.
   */
  public void open() {
    installed.countDown();
  }

  private void awaitInstallation() {
    try {
      installed.await(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
