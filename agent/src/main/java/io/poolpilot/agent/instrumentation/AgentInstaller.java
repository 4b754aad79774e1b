package io.poolpilot.agent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;

import io.poolpilot.agent.bootstrap.ExecutorHooks;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.utility.JavaModule;

/**
 * Installs the instrumentations with Byte Buddy and reports which of their classes were
 * transformed.
 *
 * <p>Classes such as {@code ThreadPoolExecutor} are loaded before {@code premain} runs, so they are
 * retransformed, which forbids adding fields or methods: advice is inlined into existing methods
 * only. Byte Buddy's default ignore rule skips every bootstrap class; it is replaced by a rule that
 * ignores everything but the named targets, and a {@link NameGate} in front of Byte Buddy applies
 * the same rule to the name the JVM passes, so that the classes the application loads cost a set
 * look-up each rather than Byte Buddy's per-class set-up.
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
    List<String> names = new ArrayList<>();
    targets.forEach(t -> names.addAll(t.typeNames()));
    Set<String> transformed = ConcurrentHashMap.newKeySet();
    Map<String, Throwable> errors = new ConcurrentHashMap<>();

    long phase = StartupProfile.now();
    AgentBuilder builder =
        new AgentBuilder.Default(
                new ByteBuddy()
                    .with(TypeValidation.DISABLED)
                    // Advice is only inlined into methods the class declares, and none is added:
                    // the full method graph (every super type parsed) would be work thrown away,
                    // about a quarter of each class's weaving on petclinic's threads.
                    .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE))
            .disableClassFormatChanges()
            .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
            .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
            .with(AgentBuilder.TypeStrategy.Default.DECORATE)
            .ignore(not(namedOneOf(names.toArray(new String[0]))))
            // Advice in a named module (jdk.httpserver, java.net.http) calls the bootstrap
            // bridge, which lives in the boot loader's unnamed module: such a module must be made
            // to read it, or the woven call fails with an IllegalAccessError.
            .assureReadEdgeTo(inst, ExecutorHooks.class)
            .with(new Recorder(transformed, errors))
            .with((AgentBuilder.TransformerDecorator) byteBuddy -> new NameGate(byteBuddy, names));
    for (TypeInstrumentation target : targets) {
      builder = target.instrument(builder);
    }
    StartupProfile.add("start thread: installation, building the agent", phase);
    phase = StartupProfile.now();
    ClassFileTransformer transformer = builder.installOn(inst);
    StartupProfile.add("start thread: installation, installOn", phase);
    return new Result(transformer, Set.copyOf(transformed), Map.copyOf(errors));
  }

  private static final class Recorder extends AgentBuilder.Listener.Adapter {
    private final Set<String> transformed;
    private final Map<String, Throwable> errors;

    Recorder(Set<String> transformed, Map<String, Throwable> errors) {
      this.transformed = transformed;
      this.errors = errors;
    }

    @Override
    public void onTransformation(
        TypeDescription type,
        ClassLoader loader,
        JavaModule module,
        boolean loaded,
        DynamicType dynamicType) {
      transformed.add(type.getName());
    }

    @Override
    public void onError(
        String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
      errors.put(typeName, error);
    }
  }
}
