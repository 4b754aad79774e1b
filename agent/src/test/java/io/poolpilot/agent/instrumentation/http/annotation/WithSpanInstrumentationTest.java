package io.poolpilot.agent.instrumentation.http.annotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

class WithSpanInstrumentationTest {
  @Test
  void theSpanNameIsTheAnnotationsValueOrEmpty() {
    assertThat(WithSpanInstrumentation.valueOf(method("named"))).isEqualTo("load order");
    assertThat(WithSpanInstrumentation.valueOf(method("unnamed"))).isEmpty();
    assertThat(WithSpanInstrumentation.valueOf(method("plain"))).isEmpty();
  }

  /** Described from its class file, as the transformer sees it, not from the loaded class. */
  private static MethodDescription method(String name) {
    TypeDescription type =
        TypePool.Default.of(ClassFileLocator.ForClassLoader.ofSystemLoader())
            .describe(Sample.class.getName())
            .resolve();
    return type.getDeclaredMethods().filter(m -> m.getName().equals(name)).getOnly();
  }

  static final class Sample {
    @WithSpan("load order")
    void named() {}

    @WithSpan
    void unnamed() {}

    void plain() {}
  }
}
