package io.poolpilot.agent.instrumentation;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.TypeResolutionStrategy;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.pool.TypePool;

/**
 * The agent's one class file transformer for the named instrumentations: it compares the name the
 * JVM passes with a set of names, returns at once for every other class (some twenty thousand in a
 * Spring Boot application), and weaves the advice of the named ones with Byte Buddy's {@code
 * decorate}, the same steps Byte Buddy's {@code AgentBuilder} takes for a class it has chosen (a
 * type pool over the class file and its class loader, the class's own methods only, no change to
 * the class's format, so that loaded classes can be retransformed).
 *
 * <p>It stands in for {@code AgentBuilder} because of what that costs before the application's
 * first request: on JDK 9 and later {@code AgentBuilder} generates a subclass of its own
 * transformer at run time, with Byte Buddy's subclassing machinery, and with its type matching and
 * retransformation machinery that is some 400 of Byte Buddy's classes to load, verify and compile,
 * none of which the weaving itself needs.
 *
 * <p>Seeing every class, it also counts them ({@link ClassLoadActivity}). A class loaded while this
 * thread is weaving another is left alone, as Byte Buddy's circularity lock would.
 */
final class AdviceWeaver implements ClassFileTransformer {
  private final Map<String, List<Weavings.Weave>> byInternalName;
  private final ByteBuddy byteBuddy;
  private final Module bridge;
  private final ReadEdges readEdges;
  private final Consumer<String> onWoven;
  private final BiConsumer<String, Throwable> onError;
  private final ThreadLocal<Boolean> weaving = new ThreadLocal<>();

  /** Adds a read edge from a named module to another; {@code Instrumentation::redefineModule}. */
  @FunctionalInterface
  interface ReadEdges {
    void add(Module from, Module to);

    static ReadEdges of(Instrumentation inst) {
      return (from, to) ->
          inst.redefineModule(from, Set.of(to), Map.of(), Map.of(), Set.of(), Map.of());
    }
  }

  /**
   * @param weavings what to weave, by binary name
   * @param bridge the module the woven code calls into (the bootstrap bridge's); a named module
   *     whose class is woven is made to read it, or the woven call fails with an {@code
   *     IllegalAccessError}
   * @param onWoven told the binary name of each class woven
   * @param onError told the binary name of each class that could not be woven, and why; the class
   *     is then loaded as it was
   */
  AdviceWeaver(
      Weavings weavings,
      Module bridge,
      ReadEdges readEdges,
      Consumer<String> onWoven,
      BiConsumer<String, Throwable> onError) {
    this.byInternalName =
        weavings.byName().entrySet().stream()
            .collect(
                Collectors.toUnmodifiableMap(
                    entry -> entry.getKey().replace('.', '/'), Map.Entry::getValue));
    this.bridge = bridge;
    this.readEdges = readEdges;
    this.onWoven = onWoven;
    this.onError = onError;
    this.byteBuddy =
        new ByteBuddy()
            .with(TypeValidation.DISABLED)
            // Advice is only inlined into methods the class declares, and none is added: the full
            // method graph (every super type parsed) would be work thrown away.
            .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE)
            // No fields or methods added, so loaded classes can be retransformed.
            .with(Implementation.Context.Disabled.Factory.INSTANCE);
  }

  /** Whether the class named {@code internalName} (as the JVM gives it) is woven. */
  boolean admits(String internalName) {
    return internalName != null && byInternalName.containsKey(internalName);
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
    ClassLoadActivity.loaded();
    if (!admits(internalName)) {
      StartupProfile.add("name gate, rejected", start);
      return null;
    }
    if (weaving.get() != null) {
      return null;
    }
    weaving.set(Boolean.TRUE);
    String binaryName = internalName.replace('/', '.');
    try {
      byte[] woven = weave(binaryName, loader, classFile, byInternalName.get(internalName));
      Module target =
          module != null || classBeingRedefined == null ? module : classBeingRedefined.getModule();
      if (target != null && target.isNamed() && !target.canRead(bridge)) {
        readEdges.add(target, bridge);
      }
      onWoven.accept(binaryName);
      return woven;
    } catch (Throwable t) {
      onError.accept(binaryName, t);
      return null;
    } finally {
      weaving.remove();
      StartupProfile.add("name gate, woven by Byte Buddy", start);
    }
  }

  /** The JVM (9 and later) calls the form with the module; this one serves older callers. */
  @Override
  public byte[] transform(
      ClassLoader loader,
      String internalName,
      Class<?> classBeingRedefined,
      ProtectionDomain domain,
      byte[] classFile) {
    return transform(null, loader, internalName, classBeingRedefined, domain, classFile);
  }

  private byte[] weave(
      String binaryName, ClassLoader loader, byte[] classFile, List<Weavings.Weave> weaves) {
    ClassFileLocator locator =
        new ClassFileLocator.Compound(
            ClassFileLocator.Simple.of(binaryName, classFile),
            ClassFileLocator.ForClassLoader.of(loader));
    TypePool pool =
        new TypePool.LazyFacade(
            new TypePool.Default.WithLazyResolution(
                TypePool.CacheProvider.Simple.withObjectType(),
                locator,
                TypePool.Default.ReaderMode.FAST));
    TypeDescription type = pool.describe(binaryName).resolve();
    DynamicType.Builder<?> builder = byteBuddy.decorate(type, locator);
    for (Weavings.Weave weave : weaves) {
      builder = weave.apply(builder);
    }
    return builder.make(TypeResolutionStrategy.Disabled.INSTANCE, pool).getBytes();
  }
}
