package io.poolpilot.agent.instrumentation.http.annotation;

import io.poolpilot.agent.instrumentation.ApplicationClasses;
import io.poolpilot.agent.instrumentation.ConstantPoolScan;
import io.poolpilot.agent.instrumentation.StartupProfile;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Supplier;

/**
 * Hands a class to the {@code @WithSpan} transformer only when its constant pool holds the
 * annotation's descriptor. JDK and agent classes are rejected by their loader or package name (the
 * boot or platform loader, the agent's own, a JDK package), and so is every class of a loader that
 * cannot see the annotation: an application that does not ship {@code
 * opentelemetry-instrumentation-annotations} cannot carry it in any effect (an annotation missing
 * at run time is ignored, by the OpenTelemetry agent as well), and asking its loader once for the
 * annotation's class file saves stepping over the constant pool of every class it loads, which on
 * spring-petclinic-rest's 18,000 classes cost 20 to 250 ms of CPU (compiled or interpreted, 1 to 14
 * microseconds a class). The answer is kept per loader: a loader's class path does not gain the
 * annotation later in practice, and a loader that does is still scanned if its first answer was
 * yes.
 *
 * <p>Classes being redefined are left alone; this transformer only sees classes as they are first
 * loaded. The Byte Buddy transformer behind it is built when the first annotated class arrives
 * (tens of milliseconds), so an application without {@code @WithSpan} never pays for it.
 */
final class WithSpanPreFilter implements ClassFileTransformer {
  private final ConstantPoolScan scan;
  private final Supplier<ClassFileTransformer> factory;
  private volatile ClassFileTransformer delegate;
  private final ApplicationClasses application;
  private final String annotationFile = WithSpanNames.className().replace('.', '/') + ".class";

  /** Whether a loader can see the annotation, asked once per loader; weak, to let loaders go. */
  private final Map<ClassLoader, Boolean> seesAnnotation =
      Collections.synchronizedMap(new WeakHashMap<>());

  /**
   * Set while this thread asks a loader for the annotation: a class that look-up loads comes back
   * here, and is scanned rather than asked about again.
   */
  private static final ThreadLocal<Boolean> ASKING = new ThreadLocal<>();

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
        !candidate(loader, className, classBeingRedefined)
            || !seesAnnotation(loader)
            || !scan.mayContain(classFile);
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

  /**
   * Whether {@code loader} can load the annotation, so that its classes may carry it. Any doubt (a
   * look-up that fails, or one already under way on this thread) counts as yes: the scan decides.
   */
  private boolean seesAnnotation(ClassLoader loader) {
    Boolean known = seesAnnotation.get(loader);
    if (known != null) {
      return known;
    }
    if (ASKING.get() != null) {
      return true;
    }
    ASKING.set(Boolean.TRUE);
    boolean sees;
    try {
      sees = loader.getResource(annotationFile) != null;
    } catch (RuntimeException | LinkageError e) {
      sees = true;
    } finally {
      ASKING.remove();
    }
    seesAnnotation.put(loader, sees);
    return sees;
  }
}
