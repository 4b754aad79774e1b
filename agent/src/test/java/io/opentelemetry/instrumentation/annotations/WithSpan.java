package io.opentelemetry.instrumentation.annotations;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A stand-in for OpenTelemetry's {@code @WithSpan} with the same name, so the test applications
 * carry the annotation the agent looks for without a dependency on the OpenTelemetry annotations.
 * The real one has more attributes ({@code kind}, {@code inheritContext}), which the agent ignores.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.CONSTRUCTOR})
public @interface WithSpan {
  String value() default "";
}
