package io.poolpilot.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.testsupport.FailsafeProperties;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The name of OpenTelemetry's {@code @WithSpan} as the agent computes it from inside the built,
 * shaded jar: the shade plugin relocates string constants that look like {@code io.opentelemetry}
 * names, which would make the agent look for an annotation no application uses.
 */
class WithSpanNamesShadedIT {
  private static final String NAMES =
      "io.poolpilot.agent.instrumentation.http.annotation.WithSpanNames";

  @Test
  void theShadedAgentLooksForTheUnrelocatedAnnotation() throws Exception {
    byte[] classFile;
    try (JarFile jar = new JarFile(FailsafeProperties.agentJar().toFile());
        InputStream in =
            jar.getInputStream(jar.getEntry("inst/" + NAMES.replace('.', '/') + ".classdata"))) {
      classFile = in.readAllBytes();
    }
    Class<?> names = new ShadedClassLoader(classFile).loadClass(NAMES);
    assertThat(names.getClassLoader()).isInstanceOf(ShadedClassLoader.class);
    assertThat(call(names, "className"))
        .isEqualTo("io.opentelemetry.instrumentation.annotations.WithSpan");
    assertThat(call(names, "descriptor"))
        .isEqualTo("Lio/opentelemetry/instrumentation/annotations/WithSpan;");
  }

  private static Object call(Class<?> type, String method) throws Exception {
    Method m = type.getDeclaredMethod(method);
    m.setAccessible(true);
    return m.invoke(null);
  }

  /** Defines the class from the jar's bytes, never from the test's own class path. */
  private static final class ShadedClassLoader extends ClassLoader {
    private final byte[] classFile;

    ShadedClassLoader(byte[] classFile) {
      super(ClassLoader.getPlatformClassLoader());
      this.classFile = classFile;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      if (!name.equals(NAMES)) {
        throw new ClassNotFoundException(name);
      }
      return defineClass(name, classFile, 0, classFile.length);
    }
  }
}
