package io.poolpilot.agent.instrumentation;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * Advice for framework classes, read as class files and never loaded by the agent's class loader.
 * Advice for a framework names the framework's types in its body (it is inlined into the
 * framework's classes, where they resolve); loading such an advice class into the agent's loader,
 * which cannot see the framework, would fail verification. Parameters of such advice are declared
 * as {@code Object} (or JDK types) and cast in the body, so describing them needs no framework type
 * either.
 */
public final class Advices {
  private static final ClassFileLocator LOCATOR =
      ClassFileLocator.ForClassLoader.of(Advices.class.getClassLoader());
  private static final TypePool POOL = TypePool.Default.of(LOCATOR);

  private Advices() {}

  /** The advice in the class of this binary name, e.g. {@code a.b.FooInstrumentation$Advice}. */
  public static Advice named(String adviceClassName) {
    return Advice.to(POOL.describe(adviceClassName).resolve(), LOCATOR);
  }
}
