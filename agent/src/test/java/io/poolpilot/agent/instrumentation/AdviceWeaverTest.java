package io.poolpilot.agent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.asm.Advice;
import org.junit.jupiter.api.Test;

class AdviceWeaverTest {
  private static final String GREETER = Greeter.class.getName();
  private static final String GREETER_INTERNAL = GREETER.replace('.', '/');

  private final List<String> woven = new ArrayList<>();
  private final Map<String, Throwable> errors = new LinkedHashMap<>();
  private final List<String> readEdges = new ArrayList<>();

  @Test
  void weavesTheAdviceIntoANamedClass() throws Exception {
    AdviceWeaver weaver =
        weaver(
            new Weavings()
                .type(GREETER, b -> b.visit(Advice.to(Replace.class).on(named("greet")))));

    byte[] result =
        weaver.transform(null, getClass().getClassLoader(), GREETER_INTERNAL, null, null, bytes());

    assertThat(result).isNotNull();
    assertThat(greetingOf(result)).isEqualTo("woven");
    assertThat(woven).containsExactly(GREETER);
    assertThat(errors).isEmpty();
  }

  @Test
  void appliesEveryWeaveOfAClass() throws Exception {
    AdviceWeaver weaver =
        weaver(
            new Weavings()
                .type(GREETER, b -> b.visit(Advice.to(Exclaim.class).on(named("greet"))))
                .type(GREETER, b -> b.visit(Advice.to(Ask.class).on(named("greet")))));

    byte[] result =
        weaver.transform(null, getClass().getClassLoader(), GREETER_INTERNAL, null, null, bytes());

    // Byte Buddy nests the second advice around the first; both must have run.
    assertThat(greetingOf(result)).isIn("hello!?", "hello?!");
  }

  @Test
  void everyOtherClassIsLeftAloneWithoutWeaving() throws Exception {
    AdviceWeaver weaver =
        weaver(
            new Weavings()
                .type(
                    GREETER,
                    b -> {
                      throw new AssertionError("must not be asked");
                    }));

    assertThat(
            weaver.transform(null, null, "java/util/concurrent/ForkJoinPool", null, null, bytes()))
        .isNull();
    assertThat(weaver.transform(null, null, null, null, null, bytes()))
        .as("a hidden class")
        .isNull();
    assertThat(woven).isEmpty();
    assertThat(errors).isEmpty();
  }

  @Test
  void aClassThatCannotBeWovenIsLoadedAsItWasAndReported() throws Exception {
    AdviceWeaver weaver =
        weaver(
            new Weavings()
                .type(
                    GREETER,
                    b -> {
                      throw new IllegalStateException("broken instrumentation");
                    }));

    assertThat(
            weaver.transform(
                null, getClass().getClassLoader(), GREETER_INTERNAL, null, null, bytes()))
        .isNull();
    assertThat(errors).containsOnlyKeys(GREETER);
    assertThat(errors.get(GREETER)).hasMessage("broken instrumentation");
    assertThat(woven).isEmpty();
  }

  @Test
  void aNamedModuleThatCannotReadTheBridgeIsMadeToRead() throws Exception {
    AdviceWeaver weaver =
        weaver(
            new Weavings()
                .type(GREETER, b -> b.visit(Advice.to(Replace.class).on(named("greet")))));
    // java.base, a named module, does not read the unnamed module the bridge stands in for here.
    Module named = Object.class.getModule();

    weaver.transform(named, getClass().getClassLoader(), GREETER_INTERNAL, null, null, bytes());
    weaver.transform(null, getClass().getClassLoader(), GREETER_INTERNAL, null, null, bytes());

    assertThat(readEdges).containsExactly("java.base -> " + getClass().getModule());
  }

  private AdviceWeaver weaver(Weavings weavings) {
    return new AdviceWeaver(
        weavings,
        getClass().getModule(),
        (from, to) -> readEdges.add(from.getName() + " -> " + to),
        woven::add,
        errors::put);
  }

  private static byte[] bytes() throws IOException {
    try (InputStream in =
        AdviceWeaverTest.class.getResourceAsStream("/" + GREETER_INTERNAL + ".class")) {
      return in.readAllBytes();
    }
  }

  /** Defines the woven class in a loader of its own and asks it for its greeting. */
  private static String greetingOf(byte[] classFile) throws Exception {
    ClassLoader isolated =
        new ClassLoader(AdviceWeaverTest.class.getClassLoader()) {
          @Override
          protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.equals(GREETER)) {
              synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                return loaded != null ? loaded : defineClass(name, classFile, 0, classFile.length);
              }
            }
            return super.loadClass(name, resolve);
          }
        };
    Class<?> type = isolated.loadClass(GREETER);
    var constructor = type.getDeclaredConstructor();
    constructor.setAccessible(true);
    var greet = type.getDeclaredMethod("greet");
    greet.setAccessible(true);
    return (String) greet.invoke(constructor.newInstance());
  }

  static final class Greeter {
    String greet() {
      return "hello";
    }
  }

  static final class Replace {
    @Advice.OnMethodExit
    static void exit(@Advice.Return(readOnly = false) String greeting) {
      greeting = "woven";
    }
  }

  static final class Exclaim {
    @Advice.OnMethodExit
    static void exit(@Advice.Return(readOnly = false) String greeting) {
      greeting = greeting + "!";
    }
  }

  static final class Ask {
    @Advice.OnMethodExit
    static void exit(@Advice.Return(readOnly = false) String greeting) {
      greeting = greeting + "?";
    }
  }
}
