package io.poolpilot.agent.instrumentation.http.annotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.agent.instrumentation.ConstantPoolScan;
import io.poolpilot.agent.it.app.TraceHopApp;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WithSpanPreFilterTest {
  private final List<String> handedOn = new ArrayList<>();
  private final ClassLoader agentLoader = new ClassLoader() {};
  private final ClassLoader appLoader = getClass().getClassLoader();
  private final WithSpanPreFilter filter =
      new WithSpanPreFilter(
          new ConstantPoolScan(WithSpanNames.descriptor()), this::recorder, agentLoader);

  private int built;

  private ClassFileTransformer recorder() {
    built++;
    return new ClassFileTransformer() {
      @Override
      public byte[] transform(
          Module module,
          ClassLoader loader,
          String name,
          Class<?> redefined,
          java.security.ProtectionDomain domain,
          byte[] bytes) {
        handedOn.add(name);
        return bytes;
      }
    };
  }

  @Test
  void handsOnOnlyApplicationClassesThatHoldTheAnnotation() throws Exception {
    byte[] annotated = classFile(TraceHopApp.Annotated.class);
    String name = TraceHopApp.Annotated.class.getName().replace('.', '/');

    assertThat(transform(appLoader, name, null, annotated)).isSameAs(annotated);
    assertThat(transform(appLoader, "io/poolpilot/agent/it/app/TraceHopApp", null, plain()))
        .isNull();
    // The same bytes, from where no application class comes from, or being redefined.
    assertThat(transform(null, name, null, annotated)).isNull();
    assertThat(transform(ClassLoader.getPlatformClassLoader(), name, null, annotated)).isNull();
    assertThat(transform(agentLoader, name, null, annotated)).isNull();
    assertThat(transform(appLoader, "java/util/Fake", null, annotated)).isNull();
    assertThat(transform(appLoader, "jdk/internal/Fake", null, annotated)).isNull();
    assertThat(transform(appLoader, "sun/misc/Fake", null, annotated)).isNull();
    assertThat(transform(appLoader, "com/sun/Fake", null, annotated)).isNull();
    assertThat(transform(appLoader, name, String.class, annotated)).isNull();
    assertThat(transform(appLoader, null, null, annotated)).isNull();

    assertThat(handedOn).containsExactly(name);
  }

  @Test
  void buildsTheByteBuddyTransformerOnlyOnceAnAnnotatedClassArrives() throws Exception {
    transform(appLoader, "io/poolpilot/agent/it/app/TraceHopApp", null, plain());
    assertThat(built).isZero();
    byte[] annotated = classFile(TraceHopApp.Annotated.class);
    transform(appLoader, "a/A", null, annotated);
    transform(appLoader, "a/B", null, annotated);
    assertThat(built).isEqualTo(1);
    assertThat(handedOn).containsExactly("a/A", "a/B");
  }

  @Test
  void aLoaderThatCannotSeeTheAnnotationIsAskedOnceAndNoneOfItsClassesIsHandedOn()
      throws Exception {
    int[] asked = {0};
    ClassLoader blind =
        new ClassLoader(null) {
          @Override
          public java.net.URL getResource(String name) {
            asked[0]++;
            return super.getResource(name);
          }
        };
    byte[] annotated = classFile(TraceHopApp.Annotated.class);

    assertThat(transform(blind, "a/A", null, annotated)).isNull();
    assertThat(transform(blind, "a/B", null, annotated)).isNull();
    // The application's loader sees the annotation (the test's copy of it): its classes are
    // scanned as before.
    assertThat(transform(appLoader, "a/C", null, annotated)).isSameAs(annotated);

    assertThat(asked[0]).isEqualTo(1);
    assertThat(handedOn).containsExactly("a/C");
  }

  @Test
  void aLoaderWhoseLookUpFailsIsScanned() throws Exception {
    ClassLoader failing =
        new ClassLoader(null) {
          @Override
          public java.net.URL getResource(String name) {
            throw new IllegalStateException("closed");
          }
        };

    assertThat(transform(failing, "a/A", null, classFile(TraceHopApp.Annotated.class))).isNotNull();
    assertThat(transform(failing, "a/B", null, plain())).isNull();
    assertThat(handedOn).containsExactly("a/A");
  }

  private byte[] transform(ClassLoader loader, String name, Class<?> redefined, byte[] bytes)
      throws Exception {
    return filter.transform(null, loader, name, redefined, null, bytes);
  }

  private static byte[] plain() throws IOException {
    return classFile(TraceHopApp.class);
  }

  private static byte[] classFile(Class<?> type) throws IOException {
    try (InputStream in =
        type.getClassLoader().getResourceAsStream(type.getName().replace('.', '/') + ".class")) {
      return in.readAllBytes();
    }
  }
}
