package io.poolpilot.agent.instrumentation.http.annotation;

import io.poolpilot.agent.instrumentation.ApplicationClasses;
import io.poolpilot.agent.instrumentation.ConstantPoolScan;
import io.poolpilot.agent.instrumentation.StartupProfile;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;
import java.util.function.Supplier;

/**
 * Hands a class to the {@code @WithSpan} transformer only when its constant pool holds the
 * annotation's descriptor. Most classes an application loads are rejected here for the cost of
 * stepping over their constant pool, and JDK and agent classes without even that: they come from
 * the boot or platform loader or the agent's own, or carry a JDK package name. Classes being
 * redefined are left alone; this transformer only sees classes as they are first loaded. The Byte
 * Buddy transformer behind it is built when the first annotated class arrives (tens of
 * milliseconds), so an application without {@code @WithSpan} never pays for it.
 */
final class WithSpanPreFilter implements ClassFileTransformer {
  private final ConstantPoolScan scan;
  private final Supplier<ClassFileTransformer> factory;
  private volatile ClassFileTransformer delegate;
  private final ApplicationClasses application;

  WithSpanPreFilter(
      ConstantPoolScan scan, Supplier<ClassFileTransformer> factory, ClassLoader agentLoader) {
    this.scan = scan;
    this.factory = factory;
    this.application = new ApplicationClasses(agentLoader);
  }

  @Override
  public byte[] transform(
      Module module,
      ClassLoader loader,
      String className,
      Class<?> classBeingRedefined,
      ProtectionDomain domain,
      byte[] classFile)
      throws IllegalClassFormatException {
    long start = StartupProfile.now();
    boolean rejected =
        !candidate(loader, className, classBeingRedefined) || !scan.mayContain(classFile);
    StartupProfile.add("@WithSpan pre-filter", start);
    if (rejected) {
      return null;
    }
    return delegate().transform(module, loader, className, classBeingRedefined, domain, classFile);
  }

  private ClassFileTransformer delegate() {
    ClassFileTransformer built = delegate;
    if (built == null) {
      synchronized (this) {
        built = delegate;
        if (built == null) {
          built = factory.get();
          delegate = built;
        }
      }
    }
    return built;
  }

  boolean candidate(ClassLoader loader, String className, Class<?> classBeingRedefined) {
    return application.isFirstLoad(loader, className, classBeingRedefined);
  }
}
