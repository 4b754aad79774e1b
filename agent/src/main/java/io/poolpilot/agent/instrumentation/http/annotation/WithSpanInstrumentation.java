package io.poolpilot.agent.instrumentation.http.annotation;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isAnnotatedWith;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.none;
import static net.bytebuddy.matcher.ElementMatchers.not;

import io.poolpilot.agent.bootstrap.MethodSpanHooks;
import io.poolpilot.agent.instrumentation.ConstantPoolScan;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.annotation.AnnotationValue;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Spans for methods annotated with OpenTelemetry's {@code @WithSpan}, matched by the annotation's
 * name so the application needs no PoolPilot or OpenTelemetry dependency. Each call becomes a span
 * like those of the {@code handlers} key (INTERNAL under the current span, SERVER when there is
 * none), named by the annotation's {@code value}, or {@code Class.method} when it is empty. The
 * annotation's other attributes ({@code kind}, {@code inheritContext}) are not read.
 *
 * <p>Annotations cannot be matched by class name, which is how the main transformer avoids parsing
 * classes, so this has a transformer of its own behind a {@link WithSpanPreFilter} that looks for
 * the annotation's descriptor in each class file's constant pool and hands only the classes that
 * hold it to Byte Buddy. Classes loaded before the agent started are not retransformed.
 */
public final class WithSpanInstrumentation {
  private WithSpanInstrumentation() {}

  /** Registers the pre-filtered transformer; returns it so a caller could remove it. */
  public static ClassFileTransformer install(Instrumentation inst) {
    ClassFileTransformer transformer =
        new WithSpanPreFilter(
            new ConstantPoolScan(WithSpanNames.descriptor()),
            () -> byteBuddyTransformer(inst),
            WithSpanInstrumentation.class.getClassLoader());
    inst.addTransformer(transformer, false);
    return transformer;
  }

  static ClassFileTransformer byteBuddyTransformer(Instrumentation inst) {
    ElementMatcher.Junction<MethodDescription> annotated =
        isMethod().and(not(isAbstract())).and(isAnnotatedWith(named(WithSpanNames.className())));
    Advice advice =
        Advice.withCustomMapping()
            .bind(SpanName.class, WithSpanInstrumentation::spanName)
            .to(MethodAdvice.class);
    return new AgentBuilder.Default(
            new ByteBuddy()
                .with(TypeValidation.DISABLED)
                // As in AgentInstaller: advice in declared methods needs no full method graph.
                .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE))
        .disableClassFormatChanges()
        .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
        .with(AgentBuilder.TypeStrategy.Default.DECORATE)
        // The pre-filter has chosen the classes already.
        .ignore(none())
        // An application in a named module must read the bootstrap bridge, as in AgentInstaller.
        .assureReadEdgeTo(inst, MethodSpanHooks.class)
        .type(declaresMethod(annotated))
        .transform((b, type, loader, module, domain) -> b.visit(advice.on(annotated)))
        .makeRaw();
  }

  /** The annotation's {@code value} as a constant in the advised method; empty when unset. */
  private static Advice.OffsetMapping.Target spanName(
      TypeDescription type,
      MethodDescription method,
      Assigner assigner,
      Advice.ArgumentHandler arguments,
      Advice.OffsetMapping.Sort sort) {
    return Advice.OffsetMapping.Target.ForStackManipulation.of(valueOf(method));
  }

  static String valueOf(MethodDescription method) {
    String name = WithSpanNames.className();
    for (AnnotationDescription annotation : method.getDeclaredAnnotations()) {
      if (annotation.getAnnotationType().getName().equals(name)) {
        AnnotationValue<?, ?> value = annotation.getValue("value");
        return value == null ? "" : value.resolve(String.class);
      }
    }
    return "";
  }

  /** Binds the span name {@link #spanName} chose for the advised method. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  @interface SpanName {}

  static final class MethodAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(
        @Advice.Origin("#t") String type,
        @Advice.Origin("#m") String method,
        @SpanName String spanName) {
      return MethodSpanHooks.enter(type, method, spanName);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object span, @Advice.Thrown Throwable error) {
      MethodSpanHooks.exit(span, error);
    }
  }
}
