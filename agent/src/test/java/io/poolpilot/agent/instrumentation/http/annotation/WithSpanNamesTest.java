package io.poolpilot.agent.instrumentation.http.annotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WithSpanNamesTest {
  @Test
  void namesOpenTelemetrysAnnotation() {
    assertThat(WithSpanNames.className()).isEqualTo(WithSpan.class.getName());
    assertThat(WithSpanNames.descriptor())
        .isEqualTo("L" + WithSpan.class.getName().replace('.', '/') + ";");
  }

  /**
   * The shade plugin rewrites string constants that start with a relocated package; this class must
   * hold none, or the agent would look for an annotation nobody uses. ShadedJarIT-like proof on the
   * built jar: WithSpanNamesShadedIT.
   */
  @Test
  void itsClassFileHoldsNoConstantTheShadePluginWouldRelocate() throws IOException {
    String text;
    try (InputStream in =
        WithSpanNames.class.getResourceAsStream(WithSpanNames.class.getSimpleName() + ".class")) {
      text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
    assertThat(text).doesNotContain("io.opentelemetry").doesNotContain("io/opentelemetry");
  }
}
