package io.poolpilot.agent.instrumentation;

import io.poolpilot.agent.bootstrap.ExecutorHooks;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Installs the instrumentations with one {@link AdviceWeaver} and reports which of their classes
 * were transformed.
 *
 * <p>Classes such as {@code ThreadPoolExecutor} are loaded before {@code premain} runs, so they are
 * retransformed, which forbids adding fields or methods: advice is inlined into existing methods
 * only. The weaver is registered as able to retransform, then every loaded class it names is
 * retransformed one at a time, so that one class that cannot be changed does not keep the others
 * from being woven. Classes loaded later are woven as the JVM loads them.
 */
public final class AgentInstaller {
  private final Instrumentation inst;

  public AgentInstaller(Instrumentation inst) {
    this.inst = inst;
  }

  /** What an installation did. */
  public record Result(
      ClassFileTransformer transformer, Set<String> transformed, Map<String, Throwable> errors) {
    /** Whether every class of {@code target} was transformed without error. */
    public boolean complete(TypeInstrumentation target) {
      return transformed.containsAll(target.typeNames())
          && target.typeNames().stream().noneMatch(errors::containsKey);
    }
  }

  public Result install(List<TypeInstrumentation> targets) {
    Set<String> transformed = ConcurrentHashMap.newKeySet();
    Map<String, Throwable> errors = new ConcurrentHashMap<>();

    long phase = StartupProfile.now();
    Weavings weavings = new Weavings();
    for (TypeInstrumentation target : targets) {
      target.instrument(weavings);
    }
    AdviceWeaver weaver =
        new AdviceWeaver(
            weavings,
            ExecutorHooks.class.getModule(),
            AdviceWeaver.ReadEdges.of(inst),
            transformed::add,
            errors::put);
    StartupProfile.add("start thread: installation, building the agent", phase);
    phase = StartupProfile.now();
    inst.addTransformer(weaver, true);
    retransformLoaded(weavings.byName().keySet(), errors);
    StartupProfile.add("start thread: installation, installOn", phase);
    return new Result(weaver, Set.copyOf(transformed), Map.copyOf(errors));
  }

  /** Retransforms the named classes already loaded; a failure is recorded as that class's error. */
  private void retransformLoaded(Set<String> names, Map<String, Throwable> errors) {
    for (Class<?> loaded : inst.getAllLoadedClasses()) {
      String name = loaded.getName();
      if (!names.contains(name) || !inst.isModifiableClass(loaded)) {
        continue;
      }
      try {
        inst.retransformClasses(loaded);
      } catch (Throwable t) {
        errors.put(name, t);
      }
    }
  }
}
